import Testing

import SourcesAPI

@Suite("RateGovernor on virtual time")
struct RateGovernorTests {
    private func throttled(retryAfter: Double? = nil) -> RateOutcome {
        .rateLimited(RateLimitHeaders(retryAfter: retryAfter))
    }

    /// Waits (in real time, briefly) until `count` tasks sleep on `clock`.
    private func waitForSleepers(_ clock: ManualRateClock, _ count: Int) async {
        for _ in 0..<2000 where clock.sleeperCount < count { await Task.yield() }
        for _ in 0..<200 where clock.sleeperCount < count { try? await Task.sleep(for: .milliseconds(1)) }
    }

    @Test func pacesAtTheInitialRate() async throws {
        let clock = ManualRateClock(mode: .automatic)
        // growthHeadroom caps growth to what is used; no outcomes recorded, so the rate stays put.
        let governor = RateGovernor(maxRate: nil, initialRate: 10, clock: clock)
        for _ in 0..<21 { try await governor.acquire() }
        // The first token is immediate, then one every 100 ms.
        #expect(abs(clock.now.seconds - 2.0) < 1e-6)
        #expect(await governor.currentRate == 10)
    }

    @Test func tryAcquireTakesOnlyFreeTokensAndReservesNothingWhenRefused() async throws {
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: nil, initialRate: 10, clock: clock)
        #expect(await governor.tryAcquire())
        // The next token is due in 100 ms: refused now, and refusing it reserved nothing.
        #expect(await !governor.tryAcquire())
        #expect(await !governor.tryAcquire())
        try await governor.acquire()
        #expect(abs(clock.now.seconds - 0.1) < 1e-6)
        clock.advance(by: .milliseconds(100))
        #expect(await governor.tryAcquire())
        #expect(await governor.snapshot().granted == 3)
    }

    @Test func tryAcquireRefusesDuringAPause() async throws {
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: nil, initialRate: 1000, clock: clock)
        await governor.record(throttled(retryAfter: 2))
        #expect(await !governor.tryAcquire())
        clock.advance(by: .seconds(2))
        #expect(await governor.tryAcquire())
    }

    @Test func aFirstLimitSeedsSlowStartBeforeItGrows() async throws {
        // A steep slow start (as import's) must not step past the limit the first answer names.
        var tuning = RateGovernorTuning()
        tuning.slowStartGain = 256
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: nil, initialRate: 10, clock: clock, tuning: tuning)
        try await governor.acquire()
        await governor.record(.success(RateLimitHeaders(limit: 50, remaining: 49, resetAfter: 1)))
        #expect(await governor.currentRate == 50)
        await governor.record(.success(RateLimitHeaders(limit: 50, remaining: 48, resetAfter: 1)))
        #expect(await governor.currentRate == 50 + tuning.seededSlowStartGain)
        // Without hints the same success grows by the full gain.
        let unhinted = RateGovernor(maxRate: nil, initialRate: 10, clock: clock, tuning: tuning)
        try await unhinted.acquire()
        await unhinted.record(.success(RateLimitHeaders()))
        #expect(await unhinted.currentRate == 10 + 256)
    }

    @Test func slowStartReachesHundredsPerSecondWithinASecond() async throws {
        // One worker against a fast server answering in 1 ms: at most 1000 requests/s.
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: nil, clock: clock)
        var grantsInSecondTwo = 0
        var rateAtOneSecond: Double?
        while clock.now.seconds < 2 {
            try await governor.acquire()
            if clock.now.seconds >= 1 {
                grantsInSecondTwo += 1
                if rateAtOneSecond == nil { rateAtOneSecond = await governor.currentRate }
            }
            clock.advance(by: .milliseconds(1))
            await governor.record(.success(RateLimitHeaders()))
        }
        let rate = try #require(rateAtOneSecond)
        #expect(rate > 500, "rate after 1 s: \(rate)")
        // In the second second the governor is not the bottleneck: the server's latency is.
        #expect(grantsInSecondTwo > 950, "grants in [1 s, 2 s): \(grantsInSecondTwo)")
        #expect(await governor.snapshot().inSlowStart)
        // Growth stops at 3× the rate in use: no runaway.
        #expect(await governor.currentRate < 3_500)
    }

    @Test func neverExceedsMaxRate() async throws {
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: 25, initialRate: 10, clock: clock)
        var granted = 0
        while clock.now.seconds < 10 {
            try await governor.acquire()
            granted += 1
            await governor.record(.success(RateLimitHeaders()))
            #expect(await governor.currentRate <= 25)
        }
        // ~25/s once reached (slow start takes well under a second to get there).
        #expect(granted > 230 && granted <= 256, "granted \(granted)")
        #expect(RateGovernor(maxRate: 5, initialRate: 10).maxRate == 5)
    }

    @Test func rateDoesNotRunAwayWhenTheCallerIsTheBottleneck() async throws {
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: nil, clock: clock)
        // A caller sending 20 requests per second through a fast server.
        for _ in 0..<400 {
            try await governor.acquire()
            clock.advance(by: .milliseconds(50))
            await governor.record(.success(RateLimitHeaders()))
        }
        // Growth stops at 3× the rate in use (+ the initial 10): ~70, not thousands.
        let rate = await governor.currentRate
        #expect(rate >= 40 && rate <= 85, "rate \(rate)")
    }

    @Test func a429PausesEveryWorkerUntilRetryAfter() async throws {
        let clock = ManualRateClock(mode: .manual)
        let governor = RateGovernor(maxRate: nil, initialRate: 1000, clock: clock)
        try await governor.acquire()
        await governor.record(throttled(retryAfter: 5))
        #expect(await governor.rateLimitedCount == 1)
        #expect(await governor.pauseRemaining == .seconds(5))
        #expect(await governor.pauseDeadline == .seconds(5))

        let done = Counter()
        let workers = (0..<3).map { _ in
            Task {
                try await governor.acquire()
                await done.increment()
            }
        }
        await waitForSleepers(clock, 3)
        #expect(clock.sleeperCount == 3)
        clock.advance(by: .milliseconds(4900))
        await waitForSleepers(clock, 3)
        #expect(await done.value == 0)
        #expect(await governor.pauseRemaining == .milliseconds(100))
        clock.advance(by: .milliseconds(100))
        // After the pause, the three are paced at the lowered rate: advance until all passed.
        for _ in 0..<50 where await done.value < 3 {
            await waitForSleepers(clock, 3 - (await done.value))
            if await done.value < 3, let next = clock.nextDeadline { clock.advance(by: next - clock.now) }
        }
        for worker in workers { try await worker.value }
        #expect(await done.value == 3)
        #expect(clock.now >= .seconds(5))
        #expect(await governor.totalRateLimitWait == .seconds(5))
        #expect(await governor.pauseRemaining == nil)
    }

    @Test func a429LowersTheRateToJustUnderTheDeliveryRate() async throws {
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: 40, initialRate: 40, clock: clock)
        for _ in 0..<80 {
            try await governor.acquire()
            await governor.record(.success(RateLimitHeaders()))
        }
        #expect(await governor.currentRate == 40)
        await governor.record(throttled(retryAfter: 1))
        // 80 successes in just under 2 s of sending: about 41/s delivered; it paces at 97% of that.
        let lowered = await governor.currentRate
        let delivered = try #require(await governor.snapshot().ceiling)
        #expect(delivered > 40 && delivered < 42, "delivery rate \(delivered)")
        #expect(abs(lowered - min(40, 0.97 * delivered)) < 1e-9, "lowered to \(lowered)")
        // A burst of 429s from requests already in flight lowers it only once.
        await governor.record(throttled(retryAfter: 1))
        await governor.record(throttled(retryAfter: 1))
        #expect(await governor.currentRate == lowered)
        #expect(await governor.rateLimitedCount == 3)
        #expect(await governor.snapshot().inSlowStart == false)
    }

    @Test func httpDateRetryAfterAndMissingRetryAfterPause() async throws {
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: nil, clock: clock)
        // Without Retry-After (and no header on the successes) a 429 pauses everyone briefly.
        await governor.record(throttled(retryAfter: nil))
        #expect(await governor.pauseRemaining == .milliseconds(50))
        try await governor.acquire()
        #expect(clock.now == .milliseconds(50))
        // A 429 whose only hint is the reset of an exhausted window pauses until the reset.
        await governor.record(.rateLimited(RateLimitHeaders(limit: 60, remaining: 0, resetAfter: 90)))
        try await governor.acquire()
        #expect(clock.now == .milliseconds(90_050))
        #expect(await governor.totalRateLimitWait == .milliseconds(90_050))
    }

    @Test func remainingZeroPausesUntilResetWithoutA429() async throws {
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: nil, clock: clock)
        try await governor.acquire()
        // "60 writes an hour": the 60th success says nothing is left for 42 minutes.
        await governor.record(.success(RateLimitHeaders(limit: 60, remaining: 0, resetAfter: 2520)))
        #expect(await governor.pauseRemaining == .seconds(2520))
        try await governor.acquire()
        #expect(clock.now == .seconds(2520))
        #expect(await governor.rateLimitedCount == 0)
        #expect(await governor.totalRateLimitWait == .seconds(2520))
    }

    @Test func limitHeaderSeedsTheRate() async throws {
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: nil, initialRate: 10, clock: clock)
        try await governor.acquire()
        await governor.record(.success(RateLimitHeaders(limit: 80, remaining: 79)))
        // Slow start jumps to the limit instead of climbing from 10, then grows from there.
        #expect(await governor.currentRate == 80)
        let capped = RateGovernor(maxRate: 50, initialRate: 10, clock: clock)
        await capped.record(.success(RateLimitHeaders(limit: 80, remaining: 79)))
        #expect(await capped.currentRate == 50)
    }

    @Test func drainingAllowanceLowersTheRateBeforeAny429() async throws {
        // A server allowing 100/s with a bucket of 20, announcing it in X-RateLimit-*.
        let clock = ManualRateClock(mode: .automatic)
        let governor = RateGovernor(maxRate: nil, clock: clock)
        var limiter = SimulatedLimiter(rate: 100, burst: 20)
        try await simulate(governor: governor, clock: clock, limiter: &limiter, duration: 30, latency: 0.001)
        let snapshot = await governor.snapshot()
        #expect(limiter.rejected == 0)
        #expect(snapshot.rateLimitWait < .seconds(3), "paused \(snapshot.rateLimitWait)")
        let ceiling = try #require(snapshot.ceiling)
        #expect(ceiling > 90 && ceiling < 110, "estimated limit \(ceiling)")
        #expect(Double(limiter.accepted) / 30 > 90, "throughput \(Double(limiter.accepted) / 30)/s")
    }

    @Test func cancellationEndsAWaitPromptly() async throws {
        let clock = ManualRateClock(mode: .manual)
        let governor = RateGovernor(maxRate: nil, clock: clock)
        await governor.record(throttled(retryAfter: 3600))
        let waiter = Task { try await governor.acquire() }
        await waitForSleepers(clock, 1)
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func realClockShortPauseAndPacing() async throws {
        let governor = RateGovernor(maxRate: 20, initialRate: 20)
        let start = ContinuousClock.now
        await governor.record(throttled(retryAfter: 0.3))
        try await governor.acquire()
        let paused = ContinuousClock.now - start
        // Upper bounds are loose: other suites may load the machine.
        #expect(paused >= .milliseconds(290) && paused < .seconds(5), "paused \(paused)")
        // Nothing had succeeded yet: the search starts from β·20 = 15/s, paced at 97% of it:
        // 6 more tokens take ~0.4 s.
        let pacingStart = ContinuousClock.now
        for _ in 0..<6 { try await governor.acquire() }
        let paced = ContinuousClock.now - pacingStart
        #expect(paced >= .milliseconds(320) && paced < .seconds(5), "paced \(paced)")
    }
}

/// A counter shared with worker tasks.
actor Counter {
    private(set) var value = 0
    func increment() { value += 1 }
}
