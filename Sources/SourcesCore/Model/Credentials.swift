/// An ordered map of credential attribute names to string values.
///
/// Order is kept as the input gave it (so writers round-trip it); equality ignores
/// order, as it does for the API's JSON objects.
public struct Credentials: Sendable, Equatable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var keys: [String] = []
    private var values: [String: String] = [:]

    /// An empty map.
    public init() {}

    /// A map holding `pairs` in order; a later duplicate key replaces the earlier value.
    public init(_ pairs: [(String, String)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    /// The value for `key`; setting `nil` removes it.
    public subscript(key: String) -> String? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The number of attributes.
    public var count: Int { keys.count }
    /// True when there is no attribute.
    public var isEmpty: Bool { keys.isEmpty }
    /// The attributes as a plain dictionary.
    public var dictionary: [String: String] { values }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: String)> {
        keys.lazy.map { (key: $0, value: values[$0] ?? "") }.makeIterator()
    }

    public static func == (lhs: Credentials, rhs: Credentials) -> Bool { lhs.values == rhs.values }
    public func hash(into hasher: inout Hasher) { hasher.combine(values) }
}
