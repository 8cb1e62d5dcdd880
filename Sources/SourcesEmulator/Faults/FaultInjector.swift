import SourcesCore

/// What to do to one request, decided up front from the seeded generator.
struct FaultPlan: Sendable, Equatable {
    /// Close the connection without answering (the request is not handled).
    var drop = false
    /// Answer 503 without handling the request.
    var serviceUnavailable = false
    /// If the request is a write that succeeds, answer 503 anyway.
    var commitFail = false
    /// Delay before the response goes out, in milliseconds.
    var delayMilliseconds = 0

    static let none = FaultPlan()
}

/// Decides the faults of each request from one seeded ``SplitMix64``.
///
/// Every request draws exactly four numbers whatever the rates are, so changing one
/// rate does not shift the decisions of the others, and requests sent one after the
/// other replay identically with the same seed.
final class FaultInjector: Sendable {
    private let generator: Locked<SplitMix64>
    private let faultRate: Double
    private let dropRate: Double
    private let commitFailRate: Double
    private let latency: Int

    init(configuration: EmulatorConfiguration) {
        generator = Locked(SplitMix64(seed: configuration.seed))
        faultRate = configuration.faultRate
        dropRate = configuration.dropRate
        commitFailRate = configuration.commitFailRate
        latency = max(0, configuration.latencyMilliseconds)
    }

    /// True when no fault and no delay can ever be injected.
    var isInert: Bool { faultRate <= 0 && dropRate <= 0 && commitFailRate <= 0 && latency == 0 }

    /// The plan for the next request.
    func nextPlan() -> FaultPlan {
        if isInert { return .none }
        let draws = generator.withLock { g in (g.nextUnit(), g.nextUnit(), g.nextUnit(), g.nextUnit()) }
        var plan = FaultPlan()
        plan.drop = draws.0 < dropRate
        plan.serviceUnavailable = !plan.drop && draws.1 < faultRate
        plan.commitFail = draws.2 < commitFailRate
        if latency > 0 {
            plan.delayMilliseconds = Int((Double(latency) * (0.5 + draws.3)).rounded())
        }
        return plan
    }
}
