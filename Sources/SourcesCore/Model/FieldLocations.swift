/// Where each field of a record was written, keyed by canonical field name.
///
/// A record has a handful of fields, so a small array beats a dictionary here
/// (no hashing per field on large inputs).
public struct FieldLocations: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var entries: [(field: String, location: SourceLocation)] = []

    /// No locations.
    public init() {}

    public init(dictionaryLiteral elements: (String, SourceLocation)...) {
        for (field, location) in elements { self[field] = location }
    }

    /// The location of `field`, if it was written.
    public subscript(field: String) -> SourceLocation? {
        get {
            for entry in entries where entry.field == field { return entry.location }
            return nil
        }
        set {
            if let index = entries.firstIndex(where: { $0.field == field }) {
                if let newValue { entries[index].location = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((field, newValue))
            }
        }
    }

    /// Reserves room for `count` fields.
    public mutating func reserveCapacity(_ count: Int) { entries.reserveCapacity(count) }

    /// The fields that have a location, in the order they were written.
    public var fields: [String] { entries.map(\.field) }

    public static func == (lhs: FieldLocations, rhs: FieldLocations) -> Bool {
        lhs.entries.count == rhs.entries.count && lhs.entries.allSatisfy { rhs[$0.field] == $0.location }
    }
}
