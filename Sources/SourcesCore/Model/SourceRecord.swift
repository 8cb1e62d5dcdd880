/// A source as read from an input, with where it came from.
public struct SourceRecord: Sendable, Equatable {
    /// The normalised source.
    public var source: Source
    /// Where the record starts, and its index in its input.
    public var origin: RecordOrigin
    /// Where each field was written: `source`, `source_type`, and credential names.
    public var locations: FieldLocations
    /// The value as written (trimmed) of each field that uses `${NAME}`, by field name,
    /// when the normaliser keeps references (``Normaliser/keepsVariableReferences``);
    /// ``source`` holds the values expanded. Empty otherwise.
    public var references: [String: String] = [:]

    /// Creates a record.
    public init(source: Source, origin: RecordOrigin, locations: FieldLocations = [:]) {
        self.source = source
        self.origin = origin
        self.locations = locations
    }

    /// The location of `field`, or of the record when the field was not written.
    public func location(of field: String?) -> SourceLocation {
        field.flatMap { locations[$0] } ?? origin.location
    }
}
