/// Where each field of a record was written, keyed by canonical field name.
///
/// A record has a handful of fields, all from one input, so this keeps the file name
/// once and a small array of (field, line, column): no hashing and no reference
/// counting per field on large inputs.
public struct FieldLocations: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private struct Entry: Sendable, Equatable {
        var field: String
        var line: Int32
        var column: Int32
        /// Set only when a field comes from another file than the first one.
        var file: String?
    }

    private var file = ""
    private var entries: [Entry] = []

    /// No locations.
    public init() {}

    public init(dictionaryLiteral elements: (String, SourceLocation)...) {
        for (field, location) in elements { self[field] = location }
    }

    /// The location of `field`, if it was written.
    public subscript(field: String) -> SourceLocation? {
        get {
            for entry in entries where entry.field == field {
                return SourceLocation(file: entry.file ?? file, line: Int(entry.line), column: Int(entry.column))
            }
            return nil
        }
        set {
            let index = entries.firstIndex { $0.field == field }
            guard let newValue else {
                if let index { entries.remove(at: index) }
                return
            }
            let entry = entry(field, at: newValue)
            if let index { entries[index] = entry } else { entries.append(entry) }
        }
    }

    /// Adds `field`, which must not be there yet (the normaliser checks first).
    mutating func append(_ field: String, _ location: SourceLocation) {
        entries.append(entry(field, at: location))
    }

    /// The entry for `field` at `location`; the first entry sets the file the others share.
    private mutating func entry(_ field: String, at location: SourceLocation) -> Entry {
        if entries.isEmpty { file = location.file }
        return Entry(
            field: field, line: Int32(clamping: location.line), column: Int32(clamping: location.column),
            file: location.file == file ? nil : location.file)
    }

    /// Reserves room for `count` fields.
    public mutating func reserveCapacity(_ count: Int) { entries.reserveCapacity(count) }

    /// The fields that have a location, in the order they were written.
    public var fields: [String] { entries.map(\.field) }

    public static func == (lhs: FieldLocations, rhs: FieldLocations) -> Bool {
        lhs.entries.count == rhs.entries.count && lhs.entries.allSatisfy { rhs[$0.field] == lhs[$0.field] }
    }
}
