import Testing

import SourcesAPI

@Suite("RetryPolicy")
struct RetryPolicyTests {
    private let none = RateLimitHeaders()

    @Test func backoffCeilingDoublesFromHalfASecondUpToThirtySeconds() {
        let policy = RetryPolicy(jitter: JitterSource(seed: 1))
        let ceilings = (0..<9).map { policy.backoffCeiling(retry: $0).seconds }
        #expect(ceilings == [0.5, 1, 2, 4, 8, 16, 30, 30, 30])
    }

    @Test func fullJitterIsSeededAndWithinTheCeiling() {
        let a = RetryPolicy(jitter: JitterSource(seed: 42))
        let b = RetryPolicy(jitter: JitterSource(seed: 42))
        let c = RetryPolicy(jitter: JitterSource(seed: 43))
        let da = (0..<200).map { a.backoff(retry: $0 % 8).seconds }
        let db = (0..<200).map { b.backoff(retry: $0 % 8).seconds }
        let dc = (0..<200).map { c.backoff(retry: $0 % 8).seconds }
        #expect(da == db)
        #expect(da != dc)
        for (i, d) in da.enumerated() {
            #expect(d >= 0 && d < a.backoffCeiling(retry: i % 8).seconds)
        }
        // Full jitter spreads over the whole range: the mean of retry 6 (cap 30 s) is near 15 s.
        let p = RetryPolicy(jitter: JitterSource(seed: 7))
        let mean = (0..<2000).map { _ in p.backoff(retry: 6).seconds }.reduce(0, +) / 2000
        #expect(abs(mean - 15) < 1)
    }

    @Test(arguments: [400, 404, 409, 422])
    func clientErrorsAreNotRetried(status: Int) {
        let policy = RetryPolicy(jitter: JitterSource(seed: 1))
        let error = APIError.http(status: status, messages: ["x"], rateLimit: none)
        #expect(policy.decide(after: error, retriesSoFar: 0) == .giveUp(.notRetryable))
    }

    @Test func unauthorizedIsNeverRetriedAndCostsNothing() {
        let policy = RetryPolicy(jitter: JitterSource(seed: 1))
        for status in [401, 403] {
            let d = policy.decide(after: .unauthorized(status: status, messages: []), retriesSoFar: 0)
            #expect(d == .giveUp(.notRetryable))
        }
    }

    @Test func transientErrorsAreRetriedUpToMaxRetries() {
        let policy = RetryPolicy(maxRetries: 5, jitter: JitterSource(seed: 1))
        let errors: [APIError] = [
            .http(status: 503, messages: [], rateLimit: none), .http(status: 500, messages: [], rateLimit: none),
            .timeout, .connectionRefused("x"), .connectionDropped("x"),
            .invalidResponse(status: 502, detail: "html"),
        ]
        for error in errors {
            for attempt in 0..<5 {
                guard case .retry(let wait) = policy.decide(after: error, retriesSoFar: attempt) else {
                    Issue.record("\(error) attempt \(attempt) not retried")
                    continue
                }
                #expect(wait <= policy.backoffCeiling(retry: attempt))
            }
            #expect(policy.decide(after: error, retriesSoFar: 5) == .giveUp(.retriesExhausted(5)))
        }
        #expect(RetryPolicy(maxRetries: 0).decide(after: .timeout, retriesSoFar: 0) == .giveUp(.retriesExhausted(0)))
    }

    @Test func waitIsAtLeastRetryAfter() {
        let policy = RetryPolicy(jitter: JitterSource(seed: 9))
        let throttled = APIError.http(status: 429, messages: [], rateLimit: RateLimitHeaders(retryAfter: 7))
        for attempt in 0..<5 {
            guard case .retry(let wait) = policy.decide(after: throttled, retriesSoFar: attempt) else {
                Issue.record("429 not retried")
                return
            }
            #expect(wait >= .seconds(7))
            #expect(wait <= .seconds(8))
        }
        // Backoff wins when it is longer than Retry-After.
        let short = APIError.http(status: 503, messages: [], rateLimit: RateLimitHeaders(retryAfter: 0.001))
        let waits = (0..<50).map { _ in policy.delay(after: short, retry: 6) }
        #expect(waits.allSatisfy { $0 >= .milliseconds(1) })
        #expect(waits.contains { $0 > .seconds(5) })
    }
}
