/// How a run ended as a whole.
public enum RunOutcome: String, Sendable, Equatable {
    /// Every record was attempted.
    case completed
    /// Ctrl-C: no new requests were started after it.
    case interrupted
    /// The key was refused or the retry budget was spent: the run stopped early.
    case aborted
}
