import SourcesCore

/// Why an import stopped before sending any write.
public enum ImportFailure: Error, Sendable, CustomStringConvertible {
    /// Some records are invalid and `--skip-invalid` was not given (nothing was fetched).
    case invalidRecords(count: Int)
    /// The plan has errors (a `****` secret on a record to create, a type change).
    case planErrors([Diagnostic])
    /// The account could not be listed.
    case fetchFailed(RequestFailure, abort: AbortReason?)
    /// The backup could not be written (nothing was sent).
    case backupFailed(FileWriteError)
    /// The journal could not be created (nothing was sent).
    case journalFailed(FileWriteError)

    public var description: String {
        switch self {
        case .invalidRecords(let count):
            "\(count) record\(count == 1 ? " is" : "s are") invalid; nothing was sent. Fix the input, "
                + "or pass --skip-invalid to import the valid records and report the others as skipped"
        case .planErrors(let errors):
            "\(errors.count) problem\(errors.count == 1 ? "" : "s") in the plan; nothing was sent"
        case .fetchFailed(let failure, let abort):
            if let abort {
                "cannot list the account's sources: \(abort)"
            } else {
                "cannot list the account's sources: \(failure); nothing was sent"
            }
        case .backupFailed(let error): "cannot write the backup, so nothing was sent: \(error)"
        case .journalFailed(let error): "cannot write the journal, so nothing was sent: \(error)"
        }
    }
}
