import Testing

import SourcesAPI

@Suite("RetryBudget")
struct RetryBudgetTests {
    private let unavailable = APIError.http(status: 503, messages: [], rateLimit: RateLimitHeaders())

    @Test func retriesCostFiveTimeoutsTenSuccessesRefundOne() {
        let budget = RetryBudget()
        #expect(budget.remaining == 500)
        #expect(budget.withdraw(for: unavailable))
        #expect(budget.remaining == 495)
        #expect(budget.withdraw(for: .timeout))
        #expect(budget.remaining == 485)
        #expect(budget.withdraw(for: .connectionDropped("eof")))
        #expect(budget.remaining == 475)
        for _ in 0..<10 { budget.recordSuccess() }
        #expect(budget.remaining == 485)
        for _ in 0..<100 { budget.recordSuccess() }
        #expect(budget.remaining == 500)
        #expect(budget.retriesPaid == 3)
    }

    @Test func anOutageSpendsTheBudgetAndItStaysSpent() {
        let budget = RetryBudget()
        var paid = 0
        while budget.withdraw(for: unavailable) { paid += 1 }
        #expect(paid == 100)
        #expect(budget.isSpent)
        budget.recordSuccess()
        #expect(!budget.withdraw(for: unavailable))
        #expect(budget.remaining == 0)
    }

    @Test func policyStopsTheRunWhenTheBudgetIsSpent() {
        // 1000 records during an outage, each tried up to 6 times: the budget stops the
        // run after 50 timeout retries instead of 5000.
        let policy = RetryPolicy(maxRetries: 5, jitter: JitterSource(seed: 3))
        let budget = RetryBudget()
        var retries = 0
        var stoppedAtRecord: Int?
        records: for record in 0..<1000 {
            for attempt in 0...5 {
                switch policy.decide(after: .timeout, retriesSoFar: attempt, budget: budget) {
                case .retry: retries += 1
                case .giveUp(.budgetSpent):
                    stoppedAtRecord = record
                    break records
                case .giveUp: continue records
                }
            }
        }
        #expect(retries == 50)
        #expect(stoppedAtRecord == 10)
        #expect(RetryPolicy.GiveUpReason.budgetSpent.description.hasPrefix("retry budget spent"))
    }

    @Test func mostlyHealthyRunKeepsItsBudget() {
        // One 503 in twenty requests: refunds outpace costs.
        let budget = RetryBudget()
        for i in 0..<10_000 {
            if i % 20 == 0 {
                #expect(budget.withdraw(for: unavailable))
            } else {
                budget.recordSuccess()
            }
        }
        #expect(!budget.isSpent)
        #expect(budget.remaining >= 495)
    }
}
