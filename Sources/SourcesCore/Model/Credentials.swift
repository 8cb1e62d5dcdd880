/// An ordered map of credential attribute names to string values.
///
/// Order is kept as the input gave it (so writers round-trip it); equality ignores
/// order, as it does for the API's JSON objects. A source has a handful of
/// attributes, so they live in one small array: no hashing on the hot path of a
/// million-row import.
public struct Credentials: Sendable, Equatable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    private var pairs: [(key: String, value: String)] = []

    /// An empty map.
    public init() {}

    /// A map holding `pairs` in order; a later duplicate key replaces the earlier value.
    public init(_ pairs: [(String, String)]) {
        self.pairs.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    /// The value for `key`; setting `nil` removes it.
    public subscript(key: String) -> String? {
        get {
            for pair in pairs where pair.key == key { return pair.value }
            return nil
        }
        set {
            if let index = pairs.firstIndex(where: { $0.key == key }) {
                if let newValue { pairs[index].value = newValue } else { pairs.remove(at: index) }
            } else if let newValue {
                pairs.append((key, newValue))
            }
        }
    }

    /// Appends `key`, which the caller knows is not there yet (the normaliser checks first).
    mutating func appendNew(_ key: String, _ value: String) { pairs.append((key, value)) }

    /// Reserves room for `count` attributes.
    public mutating func reserveCapacity(_ count: Int) { pairs.reserveCapacity(count) }

    /// Gives back the room reserved beyond the attributes held (more than one spare slot):
    /// for credentials kept for the rest of a run.
    public mutating func shrinkToFit() {
        guard pairs.capacity - pairs.count > 1 else { return }
        var exact: [(key: String, value: String)] = []
        exact.reserveCapacity(pairs.count)
        exact.append(contentsOf: pairs)
        pairs = exact
    }

    /// The room reserved, in attributes (at least ``count``).
    public var capacity: Int { pairs.capacity }

    /// The attribute names, in order.
    public var keys: [String] { pairs.map(\.key) }
    /// The number of attributes.
    public var count: Int { pairs.count }
    /// True when there is no attribute.
    public var isEmpty: Bool { pairs.isEmpty }
    /// The attributes as a plain dictionary.
    public var dictionary: [String: String] {
        Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> { pairs.makeIterator() }

    public static func == (lhs: Credentials, rhs: Credentials) -> Bool {
        lhs.count == rhs.count && lhs.pairs.allSatisfy { rhs[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, to agree with ==.
        var combined = 0
        for pair in pairs {
            var h = Hasher()
            h.combine(pair.key)
            h.combine(pair.value)
            combined ^= h.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}
