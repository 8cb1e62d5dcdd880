import SourcesAPI

/// A server-side token bucket in virtual time, answering like a rate-limited API:
/// 429 with a whole-second `Retry-After` when empty, and `X-RateLimit-*` headers
/// (as the emulator does: Limit = bucket size, Remaining = whole tokens left, Reset = seconds until full).
struct SimulatedLimiter {
    let rate: Double
    let burst: Double
    var sendHeaders: Bool
    private var tokens: Double
    private var last: Double = 0
    private(set) var accepted = 0
    private(set) var rejected = 0

    init(rate: Double, burst: Double, sendHeaders: Bool = true) {
        self.rate = rate
        self.burst = burst
        self.sendHeaders = sendHeaders
        tokens = burst
    }

    mutating func handle(at now: Double) -> RateOutcome {
        tokens = min(burst, tokens + (now - last) * rate)
        last = now
        let ok = tokens >= 1
        if ok { tokens -= 1 }
        var h = RateLimitHeaders()
        if sendHeaders {
            h.limit = Int(burst)
            h.remaining = Int(tokens.rounded(.down))
            h.resetAfter = ((burst - tokens) / rate).rounded(.up)
        }
        if ok {
            accepted += 1
            return .success(h)
        }
        rejected += 1
        h.retryAfter = max(1, ((1 - tokens) / rate).rounded(.up))
        return .rateLimited(h)
    }
}

/// Runs one sequential worker against `limiter` for `duration` seconds of virtual time.
func simulate(
    governor: RateGovernor, clock: ManualRateClock, limiter: inout SimulatedLimiter, duration: Double,
    latency: Double = 0.002
) async throws {
    while clock.now.seconds < duration {
        try await governor.acquire()
        clock.advance(by: .seconds(double: latency))
        let outcome = limiter.handle(at: clock.now.seconds)
        await governor.record(outcome)
    }
}
