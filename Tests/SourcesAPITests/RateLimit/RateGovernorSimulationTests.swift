import Testing

import SourcesAPI

/// The governor against a simulated token-bucket server (as the emulator limits), for
/// two minutes of virtual time (40 s at 500/s): it must settle at ≥ 90 % of the server's rate with at
/// most 5 % of requests refused.
@Suite("RateGovernor against a limited server", .serialized)
struct RateGovernorSimulationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var rate: Double
        var burst: Double
        var headers: Bool
        var latency: Double
        var duration: Double = 120
        var testDescription: String { "\(rate)/s, burst \(burst), headers \(headers)" }
    }

    @Test(arguments: [
        Case(rate: 50, burst: 50, headers: true, latency: 0.002),
        Case(rate: 200, burst: 20, headers: true, latency: 0.001),
        Case(rate: 30, burst: 5, headers: true, latency: 0.001),
        Case(rate: 5, burst: 5, headers: true, latency: 0.01),
        Case(rate: 500, burst: 500, headers: true, latency: 0.0005, duration: 40),
        Case(rate: 50, burst: 50, headers: false, latency: 0.002),
    ])
    func settlesNearTheServerLimit(_ c: Case) async throws {
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: nil, clock: clock)
        var limiter = SimulatedLimiter(rate: c.rate, burst: c.burst, sendHeaders: c.headers)
        let duration = c.duration
        try await simulate(governor: governor, clock: clock, limiter: &limiter, duration: duration, latency: c.latency)
        // Throughput excludes the initial bucket, which any client gets for free.
        let throughput = (Double(limiter.accepted) - c.burst) / duration
        let refused = Double(limiter.rejected) / Double(limiter.accepted + limiter.rejected)
        #expect(throughput >= 0.9 * c.rate, "throughput \(throughput)/s of \(c.rate)/s")
        #expect(refused <= 0.05, "refused \(refused)")
        let rate = await governor.currentRate
        #expect(rate < 1.3 * c.rate, "rate \(rate)")
    }

    @Test func withHeadersNo429IsNeeded() async throws {
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: nil, clock: clock)
        var limiter = SimulatedLimiter(rate: 50, burst: 50)
        try await simulate(governor: governor, clock: clock, limiter: &limiter, duration: 60)
        #expect(limiter.rejected == 0)
        #expect(await governor.rateLimitedCount == 0)
    }

    @Test func withoutHeaders429sAreRareAndEachPausesEveryone() async throws {
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: nil, clock: clock)
        var limiter = SimulatedLimiter(rate: 50, burst: 50, sendHeaders: false)
        try await simulate(governor: governor, clock: clock, limiter: &limiter, duration: 60)
        let snapshot = await governor.snapshot()
        #expect(limiter.rejected > 0)
        #expect(snapshot.rateLimitedCount == limiter.rejected)
        // Every 429 carried Retry-After: 1, and paused the run for that second.
        #expect(snapshot.rateLimitWait >= .seconds(limiter.rejected))
        #expect(!snapshot.inSlowStart)
    }
}
