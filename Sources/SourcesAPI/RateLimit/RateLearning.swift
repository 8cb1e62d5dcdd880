/// How a ``RateGovernor`` learns a limit that no header announces, from refusals and
/// successes alone (the design and its evidence are in the governor's doc).
///
/// Pure state: the governor feeds it every refusal and success with the delivery rates its
/// ``DeliveryRateEstimator`` measured, and sets the pacing rate it returns.
struct RateLearning: Sendable {
    /// A stretch of sending above the estimate, to find out whether the server allows more.
    struct Probe: Sendable, Equatable {
        var rate: Double
        var start: Double
        var end: Double
    }

    /// The next probe: its rate, how long it lasts, and how long after now it begins.
    struct Plan: Sendable, Equatable {
        var rate: Double
        var seconds: Double
        var delay: Double
    }

    let tuning: RateLearningTuning
    let minimumRate: Double
    let maximumRate: Double
    /// The server's rate as far as it is known (nil until the first refusal).
    private(set) var estimate: Double?
    /// The lowest probe rate refused since the search began (nil: none, or the search is over).
    private(set) var refusedProbe: Double?
    /// True while the estimate is known to be low (it came from a refusal that said nothing).
    private(set) var searching = false
    /// The probe under way.
    private(set) var probe: Probe?
    private var nextProbe: Double?
    private var probeInterval: Double
    private var bareStreak = 0
    private var lastSteadyRefusal = -Double.infinity

    init(tuning: RateLearningTuning, minimumRate: Double, maximumRate: Double?) {
        self.tuning = tuning
        self.minimumRate = minimumRate
        self.maximumRate = maximumRate ?? .infinity
        probeInterval = tuning.probeInterval
    }

    /// True once a refusal has given an estimate: the governor paces by it from then on.
    var isActive: Bool { estimate != nil }

    /// The pause after a refusal that gave no `Retry-After`: short, doubled for each refusal
    /// in a row without a success in between (a fixed window may refuse everything for seconds).
    mutating func barePause() -> Double {
        bareStreak += 1
        return min(tuning.maximumBarePause, tuning.barePause * Double(1 << min(bareStreak - 1, 20)))
    }

    /// The next probe.
    func plan() -> Plan {
        let estimate = self.estimate ?? minimumRate
        if searching && refusedProbe == nil {
            return Plan(
                rate: estimate * tuning.searchGain, seconds: tuning.searchProbeSeconds, delay: tuning.searchDelay)
        }
        if let refusedProbe, refusedProbe > estimate * tuning.convergedRatio {
            return Plan(
                rate: (estimate * refusedProbe).squareRoot(), seconds: tuning.bisectProbeSeconds,
                delay: tuning.searchDelay)
        }
        return Plan(rate: estimate * (1 + tuning.probeStep), seconds: tuning.probeSeconds, delay: probeInterval)
    }

    /// After a refusal at `now`; returns the rate to pace at.
    ///
    /// - Parameters:
    ///   - resume: when sending resumes (the end of the pause this refusal began).
    ///   - wasPaused: the refusal came during a pause (a request sent before it began).
    ///   - ordered: the server said how long to wait (`Retry-After`, a reset).
    ///   - inSlowStart: no refusal came before.
    ///   - delivery: the delivery rate over the window, the server's pauses left out (nil: too little data).
    ///   - deliveryWithPauses: the same over wall time.
    ///   - fallback: what to start a search from: successes per second since the first request,
    ///     the pause included, but at least β times the rate or the initial rate, whichever is lower.
    mutating func refused(
        now: Double, resume: Double, wasPaused: Bool, ordered: Bool, inSlowStart: Bool, delivery: Double?,
        deliveryWithPauses: Double?, fallback: Double
    ) -> Double {
        let probing = probe != nil
        // A second refusal in steady pacing within a window, each with a pause the server
        // ordered: the estimate is too high (a burst the pause refilled inflated it); the
        // delivery rate over wall time is what the server really gave.
        let repeated =
            ordered && !probing && estimate != nil && !inSlowStart && !wasPaused
            && now - lastSteadyRefusal < tuning.window
        if !probing && !inSlowStart { lastSteadyRefusal = now }
        let converged =
            probing && !searching && (refusedProbe.map { $0 <= (estimate ?? 0) * tuning.convergedRatio } ?? true)
        if let probe {
            refusedProbe = probe.rate
        } else if let delivery {
            // Paced under the estimate, the successes come at the client's own pace: a refusal
            // then is a burst or a jitter, and only a clear shortfall (the server delivered less
            // than the pace minus its margin) says the estimate is too high.
            let pace = tuning.paceFraction * (estimate ?? .infinity)
            if delivery < tuning.paceFraction * pace { estimate = delivery }
        } else if estimate == nil {
            // Too little sending to measure (slow start's first burst): a low guess, searched upwards.
            estimate = max(minimumRate, fallback)
            searching = true
            refusedProbe = nil
        }
        probe = nil
        if converged { probeInterval = min(tuning.maximumProbeInterval, probeInterval * 2) }
        if repeated, let deliveryWithPauses, deliveryWithPauses < estimate ?? .infinity {
            estimate = max(minimumRate, deliveryWithPauses)
        }
        nextProbe = resume + plan().delay
        return pace
    }

    /// After a success at `now`: the rate to pace at when a probe begins or ends, else nil.
    ///
    /// - Parameter deliveredSince: the successes after a time.
    mutating func succeeded(now: Double, deliveredSince: (Double) -> Int) -> Double? {
        bareStreak = 0
        guard let estimate else { return nil }
        if let probe {
            guard now >= probe.end else { return nil }
            let delivered = Double(deliveredSince(probe.start)) / max(1e-3, now - probe.start)
            var learned = min(probe.rate, max(estimate, delivered))
            learned = max(minimumRate, learned)
            self.estimate = learned
            if let refusedProbe, learned * tuning.convergedRatio >= refusedProbe {
                self.refusedProbe = nil
                searching = false
            }
            if delivered < tuning.appLimitedFraction * probe.rate { searching = false }
            probeInterval = tuning.probeInterval
            self.probe = nil
            nextProbe = now + plan().delay
            return pace
        }
        guard let nextProbe, now >= nextProbe else { return nil }
        let plan = plan()
        let rate = max(minimumRate, min(plan.rate, maximumRate))
        probe = Probe(rate: rate, start: now, end: now + plan.seconds)
        return rate
    }

    /// Just under the estimate.
    private var pace: Double {
        max(minimumRate, min(tuning.paceFraction * (estimate ?? minimumRate), maximumRate))
    }
}
