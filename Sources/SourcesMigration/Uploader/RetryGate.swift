import Foundation
import SourcesAPI

/// The retry decision of the uploader: which failures are retried, after how long,
/// and when the run-wide budget says stop.
///
/// TEMPORARY ADAPTER: full-jitter backoff (base 0.5 s, cap 30 s) and a token budget
/// written here until SourcesAPI's RetryPolicy/RetryBudget land; then this file
/// only forwards to them.
struct RetryGate: Sendable {
    /// What to do after a failed attempt.
    enum Decision: Sendable, Equatable {
        case retry(after: Duration)
        case giveUp
        case budgetSpent
    }

    let maxRetries: Int
    let budget: RetryAllowance

    init(maxRetries: Int, budget: RetryAllowance = RetryAllowance()) {
        self.maxRetries = maxRetries
        self.budget = budget
    }

    /// The decision after attempt number `attempt` (from 1) failed with `error`.
    func decide(after error: APIError, attempt: Int) -> Decision {
        guard error.isRetryable, attempt <= maxRetries else { return .giveUp }
        guard budget.withdraw(timeout: error == .timeout) else { return .budgetSpent }
        if case .http(429, _, _) = error { return .retry(after: .zero) }  // the governor's pause does the waiting
        let ceiling = min(30, 0.5 * Double(1 << min(attempt - 1, 16)))
        return .retry(after: .seconds(double: Double.random(in: 0...ceiling)))
    }

    /// Pays back a little of the budget after a success.
    func succeeded() { budget.deposit() }
}

/// A run-wide retry quota in the manner of the AWS SDKs: a retry costs 5 tokens
/// (a timeout 10), a success returns 1; an empty quota means the API is failing
/// too much to keep trying.
final class RetryAllowance: @unchecked Sendable {
    private let lock = NSLock()
    private var tokens: Int
    private let capacity: Int

    init(capacity: Int = 500) {
        self.capacity = capacity
        self.tokens = capacity
    }

    func withdraw(timeout: Bool) -> Bool {
        let cost = timeout ? 10 : 5
        return lock.withLock {
            guard tokens >= cost else { return false }
            tokens -= cost
            return true
        }
    }

    func deposit() { lock.withLock { tokens = min(capacity, tokens + 1) } }
}
