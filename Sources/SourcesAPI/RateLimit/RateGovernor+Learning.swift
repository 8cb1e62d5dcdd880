/// The no-header path: what a refusal and a success teach ``RateLearning``, and the rate
/// changes that follow.
extension RateGovernor {
    /// A refusal from a server whose successes say nothing: pause everyone (`Retry-After`, else
    /// a short pause that doubles while refusals come in a row) and pace just under the
    /// delivery rate.
    func learnFromRefusal(now: Double, hints: RateLimitHeaders) {
        let wasPaused = pauseUntil > now + 1e-6
        let ordered = hints.retryAfter ?? (hints.remaining == 0 ? hints.resetAfter : nil)
        let pause = max(0, ordered ?? learning.barePause())
        extendPause(to: now + pause, now: now)
        // Nothing can be delivered while the server makes everyone wait. The short pauses after
        // bare refusals are the client's own choice and count as sending time: a bucket keeps
        // refilling through them, and an exhausted window standing still is its rate showing.
        if ordered != nil { delivery.recordPause(from: now, to: now + pause) }
        let since = firstGrantAt ?? started
        let window = tuning.learning.window
        let span = tuning.learning.minimumSpan
        let elapsed = max(pauseUntil, now) - since
        let newRate = learning.refused(
            now: now, resume: max(pauseUntil, now), wasPaused: wasPaused, ordered: ordered != nil,
            inSlowStart: slowStart,
            delivery: delivery.rate(now: now, window: window, since: since, minimumSpan: span),
            deliveryWithPauses: delivery.rate(
                now: now, window: window, since: since, minimumSpan: span, includingPauses: true),
            fallback: max(
                elapsed > 0 ? Double(delivery.total) / elapsed : 0, min(tuning.beta * rate, initialRate)))
        slowStart = false
        ceiling = learning.estimate
        rate = newRate
        scheduledRate = rate
        generation += 1
        tat = max(pauseUntil, now)
    }

    /// A success while learning: a probe may begin or end.
    func learnFromSuccess(now: Double) {
        let estimator = delivery
        guard let newRate = learning.succeeded(now: now, deliveredSince: { estimator.successes(after: $0) })
        else { return }
        let raised = newRate > rate
        rate = newRate
        ceiling = learning.estimate
        if raised {
            reschedule(now: now)
        } else {
            scheduledRate = rate
            generation += 1
            tat = max(pauseUntil, now)
        }
    }
}
