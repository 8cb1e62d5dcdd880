import Testing

@testable import SourcesAPI

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
        print(
            "governor vs \(limiter): \(Int((share * 100).rounded()))% of the limit, "
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
        // The governor sends 40/s into a server that lets 20/s through and says nothing else:
        // at the first refusal after 2 s of that, the estimate is the 20/s that succeeded, and
        // the governor paces just under it.
        let clock = ManualRateClock(mode: .manual)
        let governor = RateGovernor(maxRate: 40, initialRate: 40, clock: clock)
        for tick in 0..<80 {
            #expect(await governor.tryAcquire())
            if tick % 2 == 0 { await governor.record(.success(RateLimitHeaders())) }
            clock.advance(by: .milliseconds(25))
        }
        await governor.record(.rateLimited(RateLimitHeaders()))
        let estimate = try #require(await governor.snapshot().ceiling)
        #expect(abs(estimate - 20) < 0.6, "estimate \(estimate)")
        #expect(abs(await governor.currentRate - 0.97 * estimate) < 1e-9)
    }

    @Test func aPauseTheServerOrderedIsNotTimeInWhichNothingWasDelivered() {
        var estimator = DeliveryRateEstimator(horizon: 30)
        for i in 0..<20 { estimator.recordSuccess(at: Double(i) * 0.05) }  // 20/s from 0 to 0.95 s
        estimator.recordPause(from: 1, to: 4)
        for i in 0..<20 { estimator.recordSuccess(at: 4 + Double(i) * 0.05) }  // 20/s from 4 to 4.95 s
        #expect(estimator.rate(now: 5, window: 5, since: 0, minimumSpan: 0.5) == 20)
        #expect(estimator.rate(now: 5, window: 5, since: 0, minimumSpan: 0.5, includingPauses: true) == 8)
        #expect(estimator.rate(now: 4.3, window: 5, since: 4, minimumSpan: 0.5) == nil, "too short to tell")
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
