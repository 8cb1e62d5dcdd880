import Foundation

/// A run-wide retry quota (the AWS SDK's "standard" retry quota): retries spend
/// tokens, successes earn a few back, and once a retry cannot be paid the budget is
/// spent for good and the run should stop, so an outage fails fast instead of
/// retrying every request to the limit.
public final class RetryBudget: @unchecked Sendable {
    /// The quota's constants.
    public struct Costs: Sendable, Equatable {
        /// Tokens at the start and at most.
        public var capacity: Int = 500
        /// The price of retrying after an error other than a timeout.
        public var retry: Int = 5
        /// The price of retrying after a timeout or a dropped connection.
        public var timeout: Int = 10
        /// Tokens a success gives back.
        public var successRefund: Int = 1

        /// The defaults: 500, 5, 10, 1.
        public init() {}
    }

    /// The constants in use.
    public let costs: Costs
    private let lock = NSLock()
    private var tokens: Int
    private var spent = false
    private var retries = 0

    /// A full budget.
    public init(costs: Costs = Costs()) {
        self.costs = costs
        tokens = costs.capacity
    }

    /// Tokens left.
    public var remaining: Int { lock.withLock { tokens } }
    /// True once a retry could not be paid for; stays true.
    public var isSpent: Bool { lock.withLock { spent } }
    /// Retries paid for so far.
    public var retriesPaid: Int { lock.withLock { retries } }

    /// What retrying after `error` costs.
    public func cost(of error: APIError) -> Int {
        switch error {
        case .timeout, .connectionDropped: costs.timeout
        default: costs.retry
        }
    }

    /// Pays for one retry after `error`. Returns false, and marks the budget spent,
    /// when the tokens left do not cover it (or it was already spent).
    public func withdraw(for error: APIError) -> Bool {
        let price = cost(of: error)
        return lock.withLock {
            guard !spent, tokens >= price else {
                spent = true
                return false
            }
            tokens -= price
            retries += 1
            return true
        }
    }

    /// Gives back ``Costs/successRefund`` tokens for a success (up to the capacity).
    public func recordSuccess() {
        lock.withLock {
            guard !spent else { return }
            tokens = min(costs.capacity, tokens + costs.successRefund)
        }
    }
}
