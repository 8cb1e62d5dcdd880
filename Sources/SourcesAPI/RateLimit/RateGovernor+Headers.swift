/// The fast path: what `X-RateLimit-Limit/-Remaining/-Reset` say, when a server sends them.
extension RateGovernor {
    /// Early congestion: the server's allowance is below half and shrinking. The server's
    /// sustainable rate is then about what we send minus how fast `Remaining` falls (a
    /// token bucket), or at least what is left divided by the time to the reset (a fixed
    /// window); the rate goes just under that, before any 429 or pause.
    func watchBucket(_ remaining: Int, limit: Int, _ hints: RateLimitHeaders, now: Double) {
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
    func drainEstimate(now: Double) -> Double? {
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

    /// The limit seeds the rate: slow start jumps to it rather than climbing there.
    /// It is not a cap: servers differ on whether it counts per second or per window.
    /// Returns true when this call seeded it.
    func seed(_ hints: RateLimitHeaders, now: Double) -> Bool {
        guard let limit = hints.limit, limit > 0, slowStart, !seeded else { return false }
        seeded = true
        rate = min(max(rate, Double(limit)), maxRate ?? .infinity)
        if rate > scheduledRate * 1.25 { reschedule(now: now) }
        return true
    }

    func apply(_ hints: RateLimitHeaders, now: Double) {
        if let remaining = hints.remaining, let limit = hints.limit {
            watchBucket(remaining, limit: limit, hints, now: now)
        }
        if hints.remaining == 0, let reset = hints.resetAfter, reset > 0 {
            // Reset counts until the allowance is whole again. Within the header's resolution
            // (a whole second) a token bucket refills one request's worth much sooner: pause a
            // Limit-th of it, or one request's worth at the refill rate when the readings tell it.
            // A long reset (a window of 60 writes an hour) is waited out whole.
            // When the refill rate is known from the readings, one request's worth is 1 ÷ it.
            var pause = reset <= 1 ? reset / Double(max(1, hints.limit ?? 1)) : reset
            if reset <= 1, let sustainable = drainEstimate(now: now) { pause = min(pause, 1 / sustainable) }
            let wasPaused = pauseUntil > now
            extendPause(to: now + pause, now: now)
            if !wasPaused && now >= decreaseBlockedUntil {
                congestion(now: now, pause: pause)
            }
        }
    }
}
