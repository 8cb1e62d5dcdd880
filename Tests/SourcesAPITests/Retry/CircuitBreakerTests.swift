import Testing

import SourcesAPI

@Suite("CircuitBreaker")
struct CircuitBreakerTests {
    @Test func aFlakyButWorkingAPINeverTripsIt() {
        // Three requests in four answered (issue 12's chaos: 10% 503s, 5% drops, 10% failed commits).
        let breaker = CircuitBreaker()
        for i in 0..<10_000 {
            if i % 4 == 3 { breaker.recordFailure(now: Double(i) / 100) } else { breaker.recordSuccess() }
        }
        #expect(breaker.tripCount == 0)
        #expect(breaker.state(now: 100) == .closed(level: 0))
        #expect(breaker.backoffScale == 1)
    }

    @Test func anOutageOpensItThenOneProbeAtATimeAndLongerEachTime() {
        let breaker = CircuitBreaker()
        var now = 0.0
        for _ in 0..<40 { breaker.recordFailure(now: now) }
        #expect(breaker.state(now: now) == .open(until: 1))
        #expect(breaker.enter(now: now, concurrency: 8) == 1)
        now = 1
        #expect(breaker.state(now: now) == .halfOpen)
        #expect(breaker.enter(now: now, concurrency: 8) == nil)
        #expect(breaker.enter(now: now, concurrency: 8) == 0.01, "one probe at a time")
        breaker.finished()
        breaker.recordFailure(now: now)  // the probe failed: open again, twice as long
        #expect(breaker.state(now: now) == .open(until: 3))
        now = 3
        #expect(breaker.enter(now: now, concurrency: 8) == nil)
        breaker.finished()
        breaker.recordSuccess()  // the API is back: closed, with fewer in flight and longer backoffs
        #expect(breaker.state(now: now) == .closed(level: 2))
        #expect(breaker.backoffScale == 4)
        for _ in 0..<2 { #expect(breaker.enter(now: now, concurrency: 8) == nil) }
        #expect(breaker.enter(now: now, concurrency: 8) != nil, "8 >> 2 = 2 in flight")
        breaker.finished()
        breaker.finished()
        for _ in 0..<80 { breaker.recordSuccess() }
        #expect(breaker.state(now: now) == .closed(level: 0))
        #expect(breaker.tripCount == 2)
    }

    @Test func theOpenPeriodStopsDoublingAtThirtySeconds() {
        let breaker = CircuitBreaker()
        var now = 0.0
        for _ in 0..<40 { breaker.recordFailure(now: now) }
        for _ in 0..<10 {
            guard case .open(let until) = breaker.state(now: now) else {
                Issue.record("not open")
                return
            }
            #expect(until - now <= 30)
            now = until
            breaker.recordFailure(now: now)
        }
        #expect(breaker.state(now: now) == .open(until: now + 30))
    }

    @Test func theBackoffIsStretchedWhileTheBreakerHasNotRecovered() {
        let policy = RetryPolicy(maxRetries: 5, jitter: JitterSource(seed: 9))
        let error = APIError.timeout
        guard case .retry(let plain) = policy.decide(after: error, retriesSoFar: 0) else { return }
        let stretched = RetryPolicy(maxRetries: 5, jitter: JitterSource(seed: 9))
        guard case .retry(let longer) = stretched.decide(after: error, retriesSoFar: 0, backoffScale: 4) else { return }
        #expect(abs(longer.seconds - 4 * plain.seconds) < 1e-6)
    }
}
