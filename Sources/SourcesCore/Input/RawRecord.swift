/// One field of a record as a reader found it, before any normalisation.
public struct RawField: Sendable, Equatable {
    /// The key as written, with a nesting prefix where the input nested it:
    /// `bucket`, `credentials.bucket`, `credential_attributes.bucket`, `Source Type`.
    public var key: String
    /// The value exactly as written (scalars are never typed).
    public var value: String
    /// Where the value (or, for an empty one, its key) was written.
    public var location: SourceLocation

    /// Creates a field.
    public init(key: String, value: String, location: SourceLocation) {
        self.key = key
        self.value = value
        self.location = location
    }
}

/// A record as a reader found it: an ordered list of fields with positions.
///
/// Readers only split the input into records and fields; mapping aliases,
/// trimming and type checks are the ``Normaliser``'s job.
public struct RawRecord: Sendable, Equatable {
    /// The fields in input order (absent and null values are left out).
    public var fields: [RawField]
    /// Where the record starts and its index in its input.
    public var origin: RecordOrigin

    /// Creates a record.
    public init(fields: [RawField], origin: RecordOrigin) {
        self.fields = fields
        self.origin = origin
    }
}
