/// When and after how long a failed request is tried again: exponential backoff with
/// full jitter, bounded by a retry count and by the run's ``RetryBudget``.
///
/// Only ``APIError/isRetryable`` failures are retried (429, 500, 502, 503, 504, refused or
/// dropped connections, timeouts); 400/404/422 and 401/403 never are. The wait is the
/// larger of the jittered backoff and the server's `Retry-After`.
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt (0: never retry).
    public var maxRetries: Int
    /// The backoff before the first retry is drawn from [0, base].
    public var baseDelay: Duration
    /// No backoff exceeds this (a `Retry-After` may).
    public var maxDelay: Duration
    /// Where the jitter comes from (seed it in tests).
    public let jitter: JitterSource

    /// A policy; the defaults are 5 retries, base 0.5 s, cap 30 s.
    public init(
        maxRetries: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
        jitter: JitterSource = JitterSource()
    ) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// What to do after a failure.
    public enum Decision: Sendable, Equatable {
        /// Wait this long, then send again.
        case retry(after: Duration)
        /// Stop: report the error.
        case giveUp(GiveUpReason)
    }

    /// Why no further attempt is made.
    public enum GiveUpReason: Sendable, Equatable, CustomStringConvertible {
        /// The error is final (4xx other than 429, 401/403, transport errors).
        case notRetryable
        /// `maxRetries` retries were made already.
        case retriesExhausted(Int)
        /// The run's retry budget cannot pay for another retry: the run must stop.
        case budgetSpent

        public var description: String {
            switch self {
            case .notRetryable: "not retryable"
            case .retriesExhausted(let n): "gave up after \(n) retr\(n == 1 ? "y" : "ies")"
            case .budgetSpent:
                "retry budget spent: too many failures in this run; stopping (check the API's status, then resume)"
            }
        }
    }

    /// The cap of the backoff before retry number `retry` (0-based): min(max, base·2^retry).
    public func backoffCeiling(retry: Int) -> Duration {
        let base = baseDelay.seconds
        let ceiling = base * Double(1 << UInt(min(max(0, retry), 40)))
        return .seconds(double: min(maxDelay.seconds, ceiling))
    }

    /// A full-jitter backoff for retry number `retry`: uniform in [0, ``backoffCeiling(retry:)``).
    public func backoff(retry: Int) -> Duration {
        .seconds(double: backoffCeiling(retry: retry).seconds * jitter.nextUnit())
    }

    /// Decides after `error`, when `retriesSoFar` retries were already made.
    ///
    /// A retry is paid from `budget` (when given); if it cannot be paid the answer is
    /// ``GiveUpReason/budgetSpent`` and the caller should abort the run.
    public func decide(after error: APIError, retriesSoFar: Int, budget: RetryBudget? = nil) -> Decision {
        guard error.isRetryable else { return .giveUp(.notRetryable) }
        guard retriesSoFar < maxRetries else { return .giveUp(.retriesExhausted(retriesSoFar)) }
        if let budget, !budget.withdraw(for: error) { return .giveUp(.budgetSpent) }
        return .retry(after: delay(after: error, retry: retriesSoFar))
    }

    /// The wait before retry number `retry` after `error`: the larger of the jittered
    /// backoff and the server's `Retry-After`.
    public func delay(after error: APIError, retry: Int) -> Duration {
        let backoff = backoff(retry: retry)
        if case .http(_, _, let rateLimit) = error, let retryAfter = rateLimit.retryAfter {
            return max(backoff, .seconds(double: retryAfter))
        }
        return backoff
    }
}
