/// What the governor has sent: the grant times it keeps to measure its own sending rate.
extension RateGovernor {
    /// Records a token handed out at `now` and forgets grants older than every window.
    func grant(at now: Double) {
        granted += 1
        if firstGrantAt == nil { firstGrantAt = now }
        grants.append(now)
        let horizon = now - max(tuning.observationWindow, tuning.drainWindow, tuning.headroomWindow)
        while grantsHead < grants.count && grants[grantsHead] < horizon { grantsHead += 1 }
        if grantsHead > 4096 && grantsHead * 2 > grants.count {
            grants.removeFirst(grantsHead)
            grantsHead = 0
        }
    }

    /// Requests per second sent over the last observation window (nil before there is enough data).
    func observedRate(now: Double, since: Double? = nil) -> Double? {
        let horizon = since ?? (now - tuning.observationWindow)
        let count = grants.count - firstGrant(atOrAfter: horizon)
        let span = min(now - horizon, now - started)
        guard count >= 4, span > 0.05 else { return nil }
        return Double(count) / span
    }

    /// The index of the first kept grant at or after `time` (grants are in time order).
    func firstGrant(atOrAfter time: Double) -> Int {
        grants.firstIndex(atOrAfter: time, from: grantsHead)
    }

    /// Requests per second sent over the last ``RateGovernorTuning/headroomWindow`` (any count).
    func recentRate(now: Double) -> Double {
        let count = grants.count - firstGrant(atOrAfter: now - tuning.headroomWindow)
        return Double(count) / max(0.01, min(tuning.headroomWindow, now - started))
    }
}
