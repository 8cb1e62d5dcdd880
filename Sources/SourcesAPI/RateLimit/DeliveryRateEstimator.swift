/// The rate at which requests succeed, over a sliding window: what the governor learns a
/// server's limit from when the server says nothing but its status.
///
/// While a server refuses some requests it is the bottleneck, so the rate at which the others
/// succeed is its rate (as BBR estimates a path's bandwidth from the rate at which data is
/// delivered, not from the rate at which it is sent). The window leaves out the pauses the
/// server ordered (`Retry-After`): nothing could be delivered then, and counting them would
/// make every pause lower the estimate. A burst the server's bucket let through inflates the
/// estimate by at most burst ÷ window; the governor's doc says why that costs little.
struct DeliveryRateEstimator: Sendable {
    /// Successes older than this many seconds are forgotten.
    let horizon: Double
    private var times: [Double] = []
    private var head = 0
    private var pauses: [(start: Double, end: Double)] = []
    /// Every success recorded.
    private(set) var total = 0

    init(horizon: Double) { self.horizon = max(1, horizon) }

    /// Records a success at `now` (times never go backwards).
    mutating func recordSuccess(at now: Double) {
        total += 1
        times.append(now)
        let oldest = now - horizon
        while head < times.count && times[head] < oldest { head += 1 }
        if head > 1024 && head * 2 > times.count {
            times.removeFirst(head)
            head = 0
        }
        while let first = pauses.first, first.end < oldest { pauses.removeFirst() }
    }

    /// Records a pause the server ordered, from `start` to `end` (merged with one it overlaps).
    mutating func recordPause(from start: Double, to end: Double) {
        guard end > start else { return }
        if let last = pauses.last, start <= last.end {
            pauses[pauses.count - 1].end = max(last.end, end)
        } else {
            pauses.append((start, end))
        }
    }

    /// The successes recorded at or after `time` (and within the horizon).
    func successes(after time: Double) -> Int {
        times.count - times.firstIndex(atOrAfter: time, from: head)
    }

    /// The seconds from `start` to `end` outside the server's pauses.
    func activeSeconds(from start: Double, to end: Double) -> Double {
        var active = max(0, end - start)
        for pause in pauses {
            let overlap = min(end, pause.end) - max(start, pause.start)
            if overlap > 0 { active -= overlap }
        }
        return max(0, active)
    }

    /// Successes per second over the last `window` seconds before `now` (not before `since`):
    /// per second of sending time (the server's pauses left out), or per second of wall time
    /// when `includingPauses`. Nil when that time is shorter than `minimumSpan`.
    func rate(
        now: Double, window: Double, since: Double, minimumSpan: Double, includingPauses: Bool = false
    ) -> Double? {
        let start = max(now - min(window, horizon), since)
        let span = includingPauses ? now - start : activeSeconds(from: start, to: now)
        guard span >= minimumSpan, span > 0 else { return nil }
        return Double(successes(after: start)) / span
    }
}
