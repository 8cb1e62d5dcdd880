/// The run-wide request pacer: a token bucket whose rate adapts to the server.
///
/// One governor is shared by every worker of a run. Each request first awaits
/// ``acquire()`` and afterwards reports its ``RateOutcome`` with ``record(_:)``.
///
/// - Until the server first pushes back the rate grows fast (slow start, like TCP's):
///   +`slowStartGain` per success, doubling about every 100 ms while the governor is the
///   bottleneck, but never past ``RateGovernorTuning/growthHeadroom`` times the rate
///   actually used, so it is never the bottleneck nor banks a rate nobody uses.
/// - A 429 pauses *every* worker until its `Retry-After` (else its reset, else
///   ``RateGovernorTuning/defaultPause``) has passed and lowers the rate: to just under the
///   server's refill rate when `X-RateLimit-Remaining` readings allow estimating it, else to
///   β times the rate sent before it. Successes then raise it back quickly to just under
///   that ceiling, creep there, and probe beyond it ever faster (CUBIC-like).
/// - `X-RateLimit-Remaining: 0` pauses everyone until `X-RateLimit-Reset` without waiting
///   for a 429; a `Remaining` below half the `Limit` and falling lowers the rate before any
///   429 (the refill rate is what we send minus how fast `Remaining` falls); the `Limit`
///   seeds the rate (slow start jumps to it, then grows gently).
/// - The rate never exceeds `maxRate` (`--rate`).
///
/// Pauses of minutes are normal (some APIs allow 60 writes an hour): ``pauseRemaining``
/// and ``snapshot()`` expose them for display.
public actor RateGovernor {
    /// The `--rate` cap, if any.
    public nonisolated let maxRate: Double?
    /// The constants in use.
    public nonisolated let tuning: RateGovernorTuning
    let clock: any RateClock
    private let initialRate: Double

    var rate: Double
    var slowStart = true
    var ceiling: Double?
    private var seeded = false
    private var lastPauseEnd: Double = -.infinity
    private var lastHints = RateLimitHeaders()
    private var scheduledRate: Double = 0
    private var remainingSamples: [(Double, Double)] = []
    private var tat: Double = 0
    private var generation = 0
    var pauseUntil: Double = 0
    private var decreaseBlockedUntil: Double = 0
    var waited: Double = 0
    var count429 = 0
    var granted = 0
    var grants: [Double] = []
    var grantsHead = 0
    let started: Double

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
        self.scheduledRate = self.rate
        self.started = clock.now.seconds
    }

    /// Waits for a token: past any pause, then at the current rate.
    /// Throws `CancellationError` when the task is cancelled while waiting.
    public func acquire() async throws {
        while true {
            try Task.checkCancellation()
            let now = clock.now.seconds
            if pauseUntil > now + Self.epsilon {
                try await clock.sleep(until: Self.deadline(pauseUntil))
                continue
            }
            let interval = 1 / rate
            let allowedAt = reserve(now: now)
            if allowedAt <= now {
                grant(at: now)
                return
            }
            // Sleep in short slices so a reservation made at a low rate is redone when the
            // rate rises (slow start) or a pause begins.
            let reservedIn = generation
            while generation == reservedIn {
                let current = clock.now.seconds
                if current + Self.epsilon >= allowedAt {
                    guard pauseUntil <= current + Self.epsilon else { break }
                    grant(at: current)
                    return
                }
                do {
                    try await clock.sleep(until: Self.deadline(min(allowedAt, current + tuning.sleepSlice)))
                } catch {
                    if reservedIn == generation { tat -= interval }
                    throw error
                }
            }
        }
    }

    /// Takes a token if one is free now, without waiting: true when granted. Callers try this
    /// before setting up an interruptible ``acquire()``, which an unthrottled request then skips.
    public func tryAcquire() -> Bool {
        let now = clock.now.seconds
        let reserved = tat
        guard pauseUntil <= now + Self.epsilon, reserve(now: now) <= now else {
            tat = reserved
            return false
        }
        grant(at: now)
        return true
    }

    /// Feeds back what a request's answer said.
    public func record(_ outcome: RateOutcome) {
        let now = clock.now.seconds
        switch outcome {
        case .success(let hints):
            // A first Limit seeds the rate instead of this success's growth step, which a steep
            // slow start would otherwise land past the limit.
            if !seed(hints, now: now) { grow(now: now) }
            apply(hints, now: now)
        case .rateLimited(let hints):
            count429 += 1
            var pause = hints.retryAfter
            if pause == nil, hints.remaining == 0 || hints.remaining == nil { pause = hints.resetAfter }
            congestion(now: now, pause: max(pause ?? tuning.defaultPause, 0))
            apply(hints, now: now)
        case .hints(let hints):
            // After a success the limit has seeded the rate already, and after a 429 slow start is over.
            _ = seed(hints, now: now)
            apply(hints, now: now)
        }
    }

    /// Records a failed request: a 429 or other HTTP answer is fed back; failures
    /// without an answer change nothing.
    public func record(error: APIError) {
        if let outcome = RateOutcome(error: error) { record(outcome) }
    }

    // MARK: - Internals

    /// Slack for comparing times that went through nanosecond rounding.
    private static let epsilon = 1e-6

    /// `seconds` as a clock deadline, rounded up so a wake-up is never early.
    private static func deadline(_ seconds: Double) -> Duration {
        .nanoseconds(Int64((min(max(seconds, 0), 9e9) * 1e9).rounded(.up)))
    }

    /// Reserves the next slot at the current rate: the time it may be used.
    private func reserve(now: Double) -> Double {
        let interval = 1 / rate
        let capacity = min(max(1, rate * tuning.burstSeconds), tuning.maximumBurst)
        let due = max(tat, now)
        tat = due + interval
        return due - (capacity - 1) * interval
    }

    private func grow(now: Double) {
        let headroom = tuning.growthHeadroom * recentRate(now: now) + initialRate
        guard rate < headroom else { return }
        if slowStart {
            rate += seeded ? tuning.seededSlowStartGain : tuning.slowStartGain
            if let ceiling, rate >= ceiling {
                rate = ceiling
                slowStart = false
            }
        } else {
            // CUBIC-like: back quickly to just under the last pushback, linger there, then
            // probe beyond it ever faster.
            let top = ceiling ?? rate
            let perSecond: Double
            if rate < tuning.recoveryTarget * top {
                perSecond = top * (1 - tuning.beta) / tuning.recoverySeconds
            } else if rate < top {
                perSecond = tuning.probeFraction * top
            } else {
                perSecond = tuning.beyondCeilingGrowth * rate
            }
            rate += perSecond / rate
        }
        rate = min(rate, headroom, maxRate ?? .infinity)
        if rate > scheduledRate * 1.25 { reschedule(now: now) }
    }

    private func congestion(now: Double, pause: Double) {
        extendPause(to: now + pause, now: now)
        guard now >= decreaseBlockedUntil else { return }
        if let estimate = drainEstimate(now: now) {
            // The server's refill rate is known from X-RateLimit-Remaining: go just under it.
            ceiling = estimate
            rate = min(max(tuning.minimumRate, tuning.earlyTarget * estimate), maxRate ?? .infinity)
        } else {
            // Otherwise β times what was being sent since the last pause ended.
            let observed = observedRate(now: now, since: max(now - tuning.observationWindow, lastPauseEnd)) ?? rate
            let base = min(observed, rate)
            ceiling = base
            rate = min(max(tuning.minimumRate, tuning.beta * base), maxRate ?? .infinity)
        }
        slowStart = false
        decreaseBlockedUntil = max(pauseUntil, now) + 0.5
        scheduledRate = rate
        generation += 1
        tat = max(pauseUntil, now)
    }

    /// Early congestion: the server's allowance is below half and shrinking. The server's
    /// sustainable rate is then about what we send minus how fast `Remaining` falls (a
    /// token bucket), or at least what is left divided by the time to the reset (a fixed
    /// window); the rate goes just under that, before any 429 or pause.
    private func watchBucket(_ remaining: Int, limit: Int, _ hints: RateLimitHeaders, now: Double) {
        // Only a bucket that has not been full since the first sample shows the server's refill.
        if remaining >= limit - 1 { remainingSamples.removeAll() }
        remainingSamples.append((now, Double(remaining)))
        let horizon = now - tuning.drainWindow
        while let first = remainingSamples.first, first.0 < horizon { remainingSamples.removeFirst() }
        lastHints = hints
        guard limit >= 4, remaining > 0, Double(remaining) < Double(limit) / 2, now >= decreaseBlockedUntil,
            let sustainable = drainEstimate(now: now)
        else { return }
        let newRate = min(max(tuning.minimumRate, tuning.earlyTarget * sustainable), maxRate ?? .infinity)
        guard newRate < rate else { return }
        ceiling = max(sustainable, tuning.minimumRate)
        rate = newRate
        slowStart = false
        decreaseBlockedUntil = now + tuning.observationWindow
        scheduledRate = rate
        generation += 1
        tat = now
    }

    /// The server's sustainable rate from the `X-RateLimit-Remaining` readings since its bucket
    /// was last full: what we sent minus how fast Remaining fell (a token bucket), or at least
    /// what is left over the time to the reset (a fixed window). Nil without a clear drain.
    private func drainEstimate(now: Double) -> Double? {
        guard remainingSamples.count >= 4, let first = remainingSamples.first, let last = remainingSamples.last
        else { return nil }
        let span = last.0 - first.0
        guard span >= tuning.minimumDrainSpan else { return nil }
        // Whole-token readings: a drop of a few tokens is too coarse to estimate from.
        guard first.1 - last.1 >= 2 else { return nil }
        let drain = (first.1 - last.1) / span
        guard drain > 0, let sent = observedRate(now: last.0, since: first.0) else { return nil }
        var sustainable = sent - drain
        if let reset = lastHints.resetAfter, reset > 0 { sustainable = max(sustainable, last.1 / reset) }
        return sustainable > tuning.minimumRate ? sustainable : nil
    }

    /// Drops every reservation made at an older, lower rate; waiters reserve again.
    private func reschedule(now: Double) {
        scheduledRate = rate
        generation += 1
        tat = min(tat, now)
    }

    private func extendPause(to end: Double, now: Double) {
        guard end > pauseUntil, end > now else { return }
        waited += end - max(pauseUntil, now)
        pauseUntil = end
        lastPauseEnd = end
        generation += 1
        tat = max(tat, end)
    }

    /// The limit seeds the rate: slow start jumps to it rather than climbing there.
    /// It is not a cap: servers differ on whether it counts per second or per window.
    /// Returns true when this call seeded it.
    private func seed(_ hints: RateLimitHeaders, now: Double) -> Bool {
        guard let limit = hints.limit, limit > 0, slowStart, !seeded else { return false }
        seeded = true
        rate = min(max(rate, Double(limit)), maxRate ?? .infinity)
        if rate > scheduledRate * 1.25 { reschedule(now: now) }
        return true
    }

    private func apply(_ hints: RateLimitHeaders, now: Double) {
        if let remaining = hints.remaining, let limit = hints.limit { watchBucket(remaining, limit: limit, hints, now: now) }
        if hints.remaining == 0, let reset = hints.resetAfter, reset > 0 {
            let wasPaused = pauseUntil > now
            extendPause(to: now + reset, now: now)
            if !wasPaused && now >= decreaseBlockedUntil {
                congestion(now: now, pause: reset)
            }
        }
    }
}
