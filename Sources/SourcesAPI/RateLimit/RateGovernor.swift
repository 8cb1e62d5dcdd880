/// The run-wide request pacer: a token bucket whose rate adapts to the server.
///
/// One governor is shared by every worker of a run. Each request first awaits
/// ``acquire()`` and afterwards reports its ``RateOutcome`` with ``record(_:)``.
///
/// - Until the first 429 the rate grows fast (slow start, like TCP's): +`slowStartGain`
///   per success, so with a fast server it passes hundreds of requests per second within
///   a second or two. It never grows past ``RateGovernorTuning/growthHeadroom`` times the
///   rate actually used, so the governor never becomes the bottleneck nor banks a rate
///   nobody uses.
/// - A 429 pauses *every* worker until its `Retry-After` (else its reset, else
///   ``RateGovernorTuning/defaultPause``) has passed, and sets the rate to β times the
///   rate observed just before it. Successes then raise it back towards that ceiling
///   quickly and beyond it slowly (additive probing).
/// - `X-RateLimit-Remaining: 0` pauses everyone until `X-RateLimit-Reset` without waiting
///   for a 429 and counts as a congestion signal; `X-RateLimit-Limit` caps slow start.
/// - The rate never exceeds `maxRate` (`--rate`).
///
/// Pauses of minutes are normal (some APIs allow 60 writes an hour): ``pauseRemaining``
/// and ``snapshot()`` expose them for display.
public actor RateGovernor {
    /// Progress counters.
    public struct Snapshot: Sendable, Equatable {
        /// The current rate, requests per second.
        public var rate: Double
        /// True until the first congestion signal.
        public var inSlowStart: Bool
        /// The wall time during which every worker was paused by the server's limits.
        public var rateLimitWait: Duration
        /// The number of 429 answers recorded.
        public var rateLimitedCount: Int
        /// How long the current pause still lasts (nil when not paused).
        public var pauseRemaining: Duration?
        /// The number of tokens handed out.
        public var granted: Int
    }

    /// The `--rate` cap, if any.
    public let maxRate: Double?
    /// The constants in use.
    public let tuning: RateGovernorTuning
    private let clock: any RateClock
    private let initialRate: Double

    private var rate: Double
    private var slowStart = true
    private var ceiling: Double?
    private var tat: Double = 0
    private var generation = 0
    private var pauseUntil: Double = 0
    private var decreaseBlockedUntil: Double = 0
    private var waited: Double = 0
    private var count429 = 0
    private var granted = 0
    private var grants: [Double] = []
    private var grantsHead = 0
    private let started: Double

    /// Creates a governor.
    ///
    /// - Parameters:
    ///   - maxRate: the `--rate` cap in requests per second (nil: none).
    ///   - initialRate: the rate slow start begins at (capped by `maxRate`).
    ///   - clock: real time by default; a ``ManualRateClock`` in tests.
    public init(
        maxRate: Double?, initialRate: Double = 10, clock: any RateClock = SystemRateClock(),
        tuning: RateGovernorTuning = RateGovernorTuning()
    ) {
        let cap = maxRate.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        self.maxRate = cap
        self.tuning = tuning
        self.clock = clock
        let start = max(tuning.minimumRate, initialRate.isFinite ? initialRate : 10)
        self.initialRate = start
        self.rate = min(start, cap ?? .infinity)
        self.started = clock.now.seconds
    }

    /// The current rate in requests per second.
    public var currentRate: Double { rate }
    /// The wall time every worker spent paused by the server's limits.
    public var totalRateLimitWait: Duration { .seconds(double: waited) }
    /// The number of 429 answers recorded.
    public var rateLimitedCount: Int { count429 }
    /// The end of the current pause, in the clock's time (nil when not paused).
    public var pauseDeadline: Duration? {
        pauseUntil > clock.now.seconds ? .seconds(double: pauseUntil) : nil
    }
    /// How long the current pause still lasts, for "waiting 42 s for the rate limit" (nil when not paused).
    public var pauseRemaining: Duration? {
        let left = pauseUntil - clock.now.seconds
        return left > 0 ? .seconds(double: left) : nil
    }

    /// All counters at once.
    public func snapshot() -> Snapshot {
        Snapshot(
            rate: rate, inSlowStart: slowStart, rateLimitWait: totalRateLimitWait, rateLimitedCount: count429,
            pauseRemaining: pauseRemaining, granted: granted)
    }

    /// Waits for a token: past any pause, then at the current rate.
    /// Throws `CancellationError` when the task is cancelled while waiting.
    public func acquire() async throws {
        while true {
            try Task.checkCancellation()
            let now = clock.now.seconds
            if pauseUntil > now {
                try await clock.sleep(until: .seconds(double: pauseUntil))
                continue
            }
            let interval = 1 / rate
            let capacity = max(1, rate * tuning.burstSeconds)
            let due = max(tat, now)
            let allowedAt = due - (capacity - 1) * interval
            tat = due + interval
            if allowedAt <= now {
                grant(at: now)
                return
            }
            let reservedIn = generation
            do {
                try await clock.sleep(until: .seconds(double: allowedAt))
            } catch {
                if reservedIn == generation { tat -= interval }
                throw error
            }
            if reservedIn == generation && pauseUntil <= clock.now.seconds {
                grant(at: clock.now.seconds)
                return
            }
        }
    }

    /// Feeds back what a request's answer said.
    public func record(_ outcome: RateOutcome) {
        let now = clock.now.seconds
        switch outcome {
        case .success(let hints):
            grow(now: now)
            apply(hints, now: now)
        case .rateLimited(let hints):
            count429 += 1
            var pause = hints.retryAfter
            if pause == nil, hints.remaining == 0 || hints.remaining == nil { pause = hints.resetAfter }
            congestion(now: now, pause: max(pause ?? tuning.defaultPause, 0))
            apply(hints, now: now)
        case .hints(let hints):
            apply(hints, now: now)
        }
    }

    /// Records a failed request: a 429 or other HTTP answer is fed back; failures
    /// without an answer change nothing.
    public func record(error: APIError) {
        if let outcome = RateOutcome(error: error) { record(outcome) }
    }

    // MARK: - Internals

    private func grant(at now: Double) {
        granted += 1
        grants.append(now)
        let horizon = now - tuning.observationWindow
        while grantsHead < grants.count && grants[grantsHead] < horizon { grantsHead += 1 }
        if grantsHead > 4096 && grantsHead * 2 > grants.count {
            grants.removeFirst(grantsHead)
            grantsHead = 0
        }
    }

    /// Requests per second sent over the last observation window (nil before there is enough data).
    private func observedRate(now: Double) -> Double? {
        let horizon = now - tuning.observationWindow
        var i = grantsHead
        while i < grants.count && grants[i] < horizon { i += 1 }
        let count = grants.count - i
        let span = min(tuning.observationWindow, now - started)
        guard count >= 4, span > 0.05 else { return nil }
        return Double(count) / span
    }

    private func grow(now: Double) {
        let headroom = tuning.growthHeadroom * (observedRate(now: now) ?? 0) + initialRate
        guard rate < headroom else { return }
        if slowStart {
            rate += tuning.slowStartGain
            if let ceiling, rate >= ceiling {
                rate = ceiling
                slowStart = false
            }
        } else {
            let top = ceiling ?? rate
            let target = tuning.recoveryTarget * top
            let perSecond: Double
            if rate < target {
                perSecond = max(top * (1 - tuning.beta) / tuning.recoverySeconds, tuning.probeFraction * top)
            } else {
                perSecond = tuning.probeFraction * top
            }
            rate += perSecond / rate
            if let c = ceiling, rate > c { ceiling = rate }
        }
        rate = min(rate, headroom, maxRate ?? .infinity)
    }

    private func congestion(now: Double, pause: Double) {
        extendPause(to: now + pause, now: now)
        guard now >= decreaseBlockedUntil else { return }
        let observed = observedRate(now: now) ?? rate
        let base = min(observed, rate)
        ceiling = base
        rate = min(max(tuning.minimumRate, tuning.beta * base), maxRate ?? .infinity)
        slowStart = false
        decreaseBlockedUntil = max(pauseUntil, now) + 0.5
        generation += 1
        tat = max(pauseUntil, now)
    }

    private func extendPause(to end: Double, now: Double) {
        guard end > pauseUntil, end > now else { return }
        waited += end - max(pauseUntil, now)
        pauseUntil = end
        generation += 1
        tat = max(tat, end)
    }

    private func apply(_ hints: RateLimitHeaders, now: Double) {
        if let limit = hints.limit, limit > 0, ceiling == nil {
            ceiling = Double(limit)
            if rate > Double(limit) { rate = Double(limit) }
        }
        if hints.remaining == 0, let reset = hints.resetAfter, reset > 0 {
            let wasPaused = pauseUntil > now
            extendPause(to: now + reset, now: now)
            if !wasPaused && now >= decreaseBlockedUntil {
                congestion(now: now, pause: reset)
            }
        }
    }
}
