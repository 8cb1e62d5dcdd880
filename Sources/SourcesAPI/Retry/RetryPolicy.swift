/// When and after how long a failed request is tried again: exponential backoff with
/// full jitter, bounded by a retry count (the run's ``CircuitBreaker`` may stretch the backoff).
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

        public var description: String {
            switch self {
            case .notRetryable: "not retryable"
            case .retriesExhausted(let n): "gave up after \(n) retr\(n == 1 ? "y" : "ies")"
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

    /// Decides after `error`, when `retriesSoFar` retries were already made; the backoff is
    /// stretched `backoffScale` times (the circuit breaker's, while the API struggles).
    public func decide(after error: APIError, retriesSoFar: Int, backoffScale: Double = 1) -> Decision {
        guard error.isRetryable else { return .giveUp(.notRetryable) }
        guard retriesSoFar < maxRetries else { return .giveUp(.retriesExhausted(retriesSoFar)) }
        return .retry(after: delay(after: error, retry: retriesSoFar, scale: backoffScale))
    }

    /// The wait before retry number `retry` after `error`: the larger of the jittered
    /// backoff and the server's `Retry-After`.
    public func delay(after error: APIError, retry: Int, scale: Double = 1) -> Duration {
        var backoff = backoff(retry: retry)
        if scale > 1 { backoff = .seconds(double: min(maxDelay.seconds, backoff.seconds * scale)) }
        if case .http(_, _, let rateLimit) = error, let retryAfter = rateLimit.retryAfter {
            return max(backoff, .seconds(double: retryAfter))
        }
        return backoff
    }
}
