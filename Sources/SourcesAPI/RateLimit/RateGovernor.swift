/// The run-wide request pacer: a token bucket whose rate adapts to the server.
///
/// One governor is shared by every worker of a run. Each request first awaits
/// ``acquire()`` and afterwards reports its ``RateOutcome`` with ``record(_:)``.
///
/// - Until the server first pushes back the rate grows fast (slow start, like TCP's):
///   +`slowStartGain` per success, doubling about every 100 ms while the governor is the
///   bottleneck, but never past ``RateGovernorTuning/growthHeadroom`` times the rate
///   actually used, so it is never the bottleneck nor banks a rate nobody uses.
/// - `Retry-After` is always honoured by the whole pool: no request leaves before it has
///   passed (a 429's, or a 503's: maintenance windows, connection caps).
/// - **Headers, the fast path.** When successes carry `X-RateLimit-Remaining`,
///   `Remaining: 0` pauses everyone until `X-RateLimit-Reset` without waiting for a 429; a
///   `Remaining` below half the `Limit` and falling lowers the rate before any 429 (the refill
///   rate is what we send minus how fast `Remaining` falls); the `Limit` seeds the rate. A
///   429 lowers the rate to just under that refill rate, else to β times the rate sent, and
///   successes raise it back CUBIC-like.
/// - **No headers: learning the limit from the traffic** (``RateLearning``). A server may say
///   nothing but the status (Rack::Attack's bare 429, nginx's 503), or speak only when it
///   refuses (`Retry-After` on a 429, nothing on a success). Then:
///   - *Estimate.* While a server refuses some requests it is the bottleneck, so the rate at
///     which the others succeed is its rate: at each refusal the estimate becomes the
///     delivery rate (successes per second of sending, the server's pauses left out) over
///     the last ``RateLearningTuning/window`` (5 s), as BBR estimates a path's bandwidth
///     from its delivery rate ( ``DeliveryRateEstimator``). A burst let through inflates it by
///     at most burst ÷ 5 s; a second refusal within the window in steady pacing replaces it
///     by the delivery rate over wall time, which no burst inflates.
///   - *Pace just under it*: ``RateLearningTuning/paceFraction`` (0.97) of the estimate. A
///     token bucket paced under its rate never refuses; a fixed window paced under its count
///     per window never runs dry. Paced under the estimate, successes come at the client's own
///     pace, so a lone refusal (a burst, jitter) changes nothing; only a clear shortfall (the
///     server delivered less than 97% of the pace) lowers the estimate.
///   - *Probe rarely and briefly*: every 10 s, 4% above the estimate for 1 s; a probe that
///     passes becomes the estimate, a refused one doubles the interval (up to 60 s). At the
///     first 429 the rate goes back under the estimate.
///   - *Search* when the first refusal came too early to measure anything (slow start's
///     first burst): start from the successes per second so far, the pause included, or β
///     times the rate (at most the initial 10/s), probe ×2 every half second until a probe
///     is refused, then bisect between the last probe that passed and the refused one until
///     within 5%.
///   - A refusal without `Retry-After` pauses everyone only 50 ms, doubled for each refusal
///     in a row without a success in between (up to 2 s): a bare 429 from a token bucket
///     means "not this instant", one from an exhausted fixed window may last seconds.
///
///   Why these constants, and the evidence: each refusal with `Retry-After: 1` idles the whole
///   pool for a second, and a bucket of 5 at 50/s refills only 5 of the 50 requests that
///   second could have carried, so against the strictest limiter every refusal costs 0.9 s:
///   refusals must be rare, and pacing must stay under the rate. The 3% margin costs 3%;
///   a probe refused every 10-60 s costs 0.9 s. Against a bucket whose burst covers the pause
///   (50 at 50/s) an overestimate costs nothing: the pause refills what it stops. Against a
///   bare limiter nothing forces a pause, so the refusals themselves measure the rate. In the
///   governor's simulations (``RateGovernorLearningTests``: 50/s, 8 workers, 1-3 ms answers,
///   two minutes) it reaches 90% of the limit against burst 5 with `Retry-After` (learning
///   costs about 6 s and 5 refusals), 97% with full headers, 100% bare (a text 429), 100-101%
///   with burst 50 in every style, and 99-100% against 5 s windows, with 0.02-3.2% of
///   requests refused. `make bench-import` (1,500 sources at 50/s, a 30-s run whose start
///   the learning weighs on) measured 75-81% against the strict bucket with `Retry-After`,
///   89-93% with full headers and 94-110% against the other four, 0.1-4.2% refused, no record
///   failed. Before it (issue 10), each such refusal idled the pool for a second and lowered
///   the rate by a quarter: 31% of the limit, 29-34% of requests refused, and a record could
///   fail on 429s alone.
/// - The rate never exceeds `maxRate` (`--rate`).
///
/// Pauses of minutes are normal (some APIs allow 60 writes an hour): ``pauseRemaining``
/// and ``snapshot()`` expose them for display.
public actor RateGovernor {
    /// The `--rate` cap, if any.
    public nonisolated let maxRate: Double?
    /// The constants in use.
    public nonisolated let tuning: RateGovernorTuning
    /// The clock it paces by (the uploader's waits use it too, so tests run on virtual time).
    public nonisolated let clock: any RateClock
    let initialRate: Double

    var rate: Double
    var slowStart = true
    var ceiling: Double?
    var seeded = false
    var lastPauseEnd: Double = -.infinity
    var lastHints = RateLimitHeaders()
    var scheduledRate: Double = 0
    var remainingSamples: [(Double, Double)] = []
    var tat: Double = 0
    var generation = 0
    var pauseUntil: Double = 0
    var decreaseBlockedUntil: Double = 0
    var waited: Double = 0
    var count429 = 0
    var granted = 0
    var grants: [Double] = []
    var grantsHead = 0
    var firstGrantAt: Double?
    let started: Double
    /// The rate at which requests succeed, for learning a limit no header announces.
    var delivery: DeliveryRateEstimator
    /// The no-header learning state (active from the first refusal of a server that sends no
    /// `X-RateLimit-Remaining` on its successes).
    var learning: RateLearning
    /// True once a success carried `X-RateLimit-Remaining`: the headers' fast path applies.
    var headersOnSuccess = false

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
        self.delivery = DeliveryRateEstimator(horizon: max(30, tuning.learning.window))
        self.learning = RateLearning(tuning: tuning.learning, minimumRate: tuning.minimumRate, maximumRate: cap)
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
            delivery.recordSuccess(at: now)
            if hints.remaining != nil { headersOnSuccess = true }
            if learning.isActive && !headersOnSuccess {
                learnFromSuccess(now: now)
            } else if !seed(hints, now: now) {
                // A first Limit seeds the rate instead of this success's growth step, which a
                // steep slow start would otherwise land past the limit.
                grow(now: now)
            }
            apply(hints, now: now)
        case .rateLimited(let hints):
            count429 += 1
            if headersOnSuccess {
                var pause = hints.retryAfter
                if pause == nil, hints.remaining == 0 || hints.remaining == nil { pause = hints.resetAfter }
                congestion(now: now, pause: max(pause ?? tuning.defaultPause, 0))
            } else {
                learnFromRefusal(now: now, hints: hints)
            }
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

    func congestion(now: Double, pause: Double) {
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

    /// Drops every reservation made at an older, lower rate; waiters reserve again.
    func reschedule(now: Double) {
        scheduledRate = rate
        generation += 1
        tat = min(tat, now)
    }

    func extendPause(to end: Double, now: Double) {
        guard end > pauseUntil, end > now else { return }
        waited += end - max(pauseUntil, now)
        pauseUntil = end
        lastPauseEnd = end
        generation += 1
        tat = max(tat, end)
    }

}
