/// What a run that was carried out amounts to, as a whole: the one fact the command line
/// turns into an exit status (the status itself is the command line's to decide).
public enum RunVerdict: Sendable, Equatable {
    /// Every record ended created, updated, unchanged or deleted (or skipped as asked), and the
    /// report was written.
    case succeeded
    /// Every record was attempted, but some failed, or the report could not be written.
    case someFailed
    /// The key was refused or the retry budget was spent: the run stopped early.
    case aborted
    /// Ctrl-C: no new requests were started after it.
    case interrupted
}
