import SourcesAPI

/// The uploader's retry decision, composed from SourcesAPI's ``RetryPolicy`` (full-jitter
/// backoff, base 0.5 s, cap 30 s, `--max-retries`) and the run-wide ``RetryBudget``.
///
/// A 429 is the one exception: it counts towards `--max-retries` but neither spends the
/// budget (a rate limit is not an outage, and waits of minutes are normal) nor sleeps
/// here, since the ``RateGovernor`` already pauses every worker until `Retry-After`.
struct RetryGate: Sendable {
    /// What to do after a failed attempt.
    enum Decision: Sendable, Equatable {
        case retry(after: Duration)
        case giveUp
        case budgetSpent
    }

    let policy: RetryPolicy
    let budget: RetryBudget

    init(policy: RetryPolicy, budget: RetryBudget) {
        self.policy = policy
        self.budget = budget
    }

    /// The decision after attempt number `attempt` (from 1) failed with `error`.
    func decide(after error: APIError, attempt: Int) -> Decision {
        if case .http(429, _, _) = error {
            return attempt <= policy.maxRetries ? .retry(after: .zero) : .giveUp
        }
        switch policy.decide(after: error, retriesSoFar: attempt - 1, budget: budget) {
        case .retry(let delay):
            RetryNotice.retrying(after: error, retry: attempt, of: policy.maxRetries, delay: delay)
            return .retry(after: delay)
        case .giveUp(.budgetSpent): return .budgetSpent
        case .giveUp: return .giveUp
        }
    }

    /// Pays back a little of the budget after a success.
    func succeeded() { budget.recordSuccess() }
}
