/// How a run ended as a whole.
public enum RunOutcome: String, Sendable, Equatable {
    /// Every record was attempted.
    case completed
    /// Ctrl-C: no new requests were started after it.
    case interrupted
    /// The key was refused or nothing succeeded for the stall timeout: the run stopped early.
    case aborted
}
