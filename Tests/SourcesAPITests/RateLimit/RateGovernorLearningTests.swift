import Testing

import SourcesAPI

/// The governor against every kind of limiter issue 10 names, on virtual time (deterministic):
/// 8 workers, 1-3 ms answers, a limit of 50/s, two minutes. Targets: at least 90% of the
/// limit, at most 5% of requests refused.
@Suite("RateGovernor learns a limit from the traffic", .serialized)
struct RateGovernorLearningTests {
    /// The tuning `import` runs with (ImportGovernor's): a very steep slow start.
    static var importTuning: RateGovernorTuning {
        var tuning = RateGovernorTuning()
        tuning.slowStartGain = 256
        tuning.growthHeadroom = 16
        tuning.maximumBurst = 16
        return tuning
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var kind: StyledLimiter.Kind
        var headers: StyledLimiter.Headers
        var testDescription: String { StyledLimiter(rate: 50, kind, headers).description }
    }

    @Test(arguments: [
        Case(kind: .bucket(burst: 5), headers: .retryAfter),
        Case(kind: .bucket(burst: 5), headers: .full),
        Case(kind: .bucket(burst: 5), headers: .none),
        Case(kind: .bucket(burst: 50), headers: .retryAfter),
        Case(kind: .bucket(burst: 50), headers: .full),
        Case(kind: .bucket(burst: 50), headers: .none),
        Case(kind: .window(seconds: 5), headers: .retryAfter),
        Case(kind: .window(seconds: 5), headers: .none),
    ])
    func reachesTheLimitWithFewRefusals(_ c: Case) async throws {
        let clock = ManualRateClock(mode: .manual)
        let governor = RateGovernor(maxRate: nil, initialRate: 10, clock: clock, tuning: Self.importTuning)
        var limiter = StyledLimiter(rate: 50, c.kind, c.headers)
        let run = await simulateConcurrently(governor: governor, clock: clock, limiter: &limiter, duration: 120)
        let share = Double(limiter.accepted) / (run.seconds * 50)
        let refused = Double(limiter.refused) / Double(limiter.accepted + limiter.refused)
        print("governor vs \(limiter): \(Int((share * 100).rounded()))% of the limit, "
            + "\(limiter.refused) of \(limiter.accepted + limiter.refused) refused")
        #expect(share >= 0.9, "\(share * 100)% of the limit")
        #expect(refused <= 0.05, "\(refused * 100)% refused")
    }

    @Test func aBare429PausesBrieflyAndRefusalsInARowPauseLonger() async throws {
        let clock = ManualRateClock(mode: .manual)
        let governor = RateGovernor(maxRate: nil, initialRate: 100, clock: clock)
        await governor.record(.rateLimited(RateLimitHeaders()))
        #expect(await governor.pauseRemaining == .milliseconds(50))
        clock.advance(by: .milliseconds(50))
        await governor.record(.rateLimited(RateLimitHeaders()))
        #expect(await governor.pauseRemaining == .milliseconds(100))
        clock.advance(by: .milliseconds(100))
        // A success ends the streak: the next bare refusal pauses 50 ms again.
        await governor.record(.success(RateLimitHeaders()))
        await governor.record(.rateLimited(RateLimitHeaders()))
        #expect(await governor.pauseRemaining == .milliseconds(50))
    }

    @Test func retryAfterHoldsTheWholePoolWhileLearning() async throws {
        let clock = ManualRateClock(mode: .manual)
        let governor = RateGovernor(maxRate: nil, initialRate: 100, clock: clock)
        #expect(await governor.tryAcquire())
        await governor.record(.rateLimited(RateLimitHeaders(limit: 5, remaining: 0, retryAfter: 2)))
        for _ in 0..<19 {
            clock.advance(by: .milliseconds(100))
            #expect(await !governor.tryAcquire())
        }
        clock.advance(by: .milliseconds(100))
        #expect(await governor.tryAcquire())
    }

    @Test func theEstimateIsTheRateOfSuccessesWhileTheServerRefuses() async throws {
        // A bare bucket of 20/s (burst 1), fed at 40/s by one worker: half the requests are
        // refused, and the other half succeed at exactly the server's rate.
        let clock = ManualRateClock(mode: .manual)
        let governor = RateGovernor(maxRate: 40, initialRate: 40, clock: clock)
        var limiter = StyledLimiter(rate: 20, .bucket(burst: 1), .none)
        _ = await simulateConcurrently(governor: governor, clock: clock, limiter: &limiter, duration: 30, workers: 1)
        let estimate = try #require(await governor.snapshot().ceiling)
        #expect(estimate > 18 && estimate < 22.5, "estimate \(estimate)")
        let rate = await governor.currentRate
        #expect(rate < 21.5, "paces at \(rate), just under 20/s most of the time")
    }

    @Test func aProbeThatPassesRaisesTheEstimate() async throws {
        // The server's limit doubles after a minute (a plan upgrade): the governor finds it.
        let clock = ManualRateClock(mode: .manual)
        let governor = RateGovernor(maxRate: nil, initialRate: 10, clock: clock, tuning: Self.importTuning)
        var slow = StyledLimiter(rate: 20, .bucket(burst: 5), .none)
        _ = await simulateConcurrently(governor: governor, clock: clock, limiter: &slow, duration: 60)
        let before = await governor.currentRate
        var fast = StyledLimiter(rate: 40, .bucket(burst: 5), .none)
        _ = await simulateConcurrently(governor: governor, clock: clock, limiter: &fast, duration: 180)
        let after = await governor.currentRate
        #expect(before < 21, "\(before)")
        #expect(after > 30, "\(after)")
    }
}
