import SourcesAPI

/// The uploader's retry decision, composed from SourcesAPI's ``RetryPolicy`` (full-jitter
/// backoff, base 0.5 s, cap 30 s, `--max-retries`), the run's ``CircuitBreaker`` and its
/// ``StallWatch``.
///
/// Throttling is the exception: a 429, or a 503 that paces (``APIError/isThrottle``), is the
/// server's pacing, not a fault. It never counts against `--max-retries` nor the breaker and
/// does not sleep here, since the ``RateGovernor`` already holds every worker back (until
/// `Retry-After`, else at the rate it learnt). A record never fails because the server asked
/// to slow down; the run stops only when nothing has succeeded for the stall timeout.
struct RetryGate: Sendable {
    /// What to do after a failed attempt.
    enum Decision: Sendable, Equatable {
        /// A fault: wait this long, then send again (one more of the record's retries).
        case retry(after: Duration)
        /// Throttled: send again as soon as the governor allows (no retry counted).
        case pace
        /// The failure is final, or the retries are spent.
        case giveUp
    }

    let policy: RetryPolicy
    let breaker: CircuitBreaker
    let stall: StallWatch
    let clock: any RateClock

    /// The decision after a failure with `error`, when `faultRetries` retries after faults
    /// were made already.
    func decide(after error: APIError, faultRetries: Int) -> Decision {
        if error.isThrottle { return .pace }
        switch policy.decide(after: error, retriesSoFar: faultRetries, backoffScale: breaker.backoffScale) {
        case .retry(let delay):
            RetryNotice.retrying(after: error, retry: faultRetries + 1, of: policy.maxRetries, delay: delay)
            return .retry(after: delay)
        case .giveUp: return .giveUp
        }
    }

    /// Records what an attempt got (nil: success) for the breaker and the stall watch.
    func record(_ error: APIError?) {
        guard let error else {
            breaker.recordSuccess()
            stall.progressed()
            return
        }
        if error.isThrottle { return }
        if error.isRetryable || error.status == nil {
            breaker.recordFailure(now: clock.now.seconds)
        } else {
            // An answer (400, 404, 422…): the API works, this request was refused for good.
            breaker.recordSuccess()
            stall.progressed()
        }
    }
}
