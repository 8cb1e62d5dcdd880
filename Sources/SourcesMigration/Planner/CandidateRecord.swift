public import SourcesCore

/// A record offered to the planner, with whether the input stage found it valid.
///
/// The CLI builds these from the readers' `LoadedRecord`s (this module does not
/// depend on the readers).
public struct CandidateRecord: Sendable, Equatable {
    /// The normalised record.
    public var record: SourceRecord
    /// False when a reader, the normaliser or the validator reported an error for it.
    public var valid: Bool
    /// The errors reported for it, as one-line messages (for the report of a skipped record).
    public var errors: [String]

    /// Creates a candidate.
    public init(record: SourceRecord, valid: Bool, errors: [String] = []) {
        self.record = record
        self.valid = valid
        self.errors = errors
    }
}
