/// The constants with which a ``RateGovernor`` learns a limit that no header announces
/// (see ``RateLearning``). The defaults are what the simulations of the governor's tests and
/// the limiter matrix of `make bench-import` were measured with.
public struct RateLearningTuning: Sendable, Equatable {
    /// The delivery rate is measured over the last this many seconds of sending.
    public var window: Double = 5
    /// A delivery rate measured over less sending time than this is not used.
    public var minimumSpan: Double = 0.5
    /// The governor paces at this fraction of its estimate: just under the server's rate.
    public var paceFraction: Double = 0.97
    /// While searching upwards (the estimate is known to be low and no probe failed yet),
    /// each probe asks for this multiple of the estimate…
    public var searchGain: Double = 2
    /// …for this many seconds…
    public var searchProbeSeconds: Double = 0.25
    /// …this long after the previous one (or after the pause) ended.
    public var searchDelay: Double = 0.25
    /// Once a probe failed, the next ones bisect (geometric mean) between the estimate and the
    /// failed probe's rate, each for this many seconds, until the two are this close:
    public var bisectProbeSeconds: Double = 0.5
    /// See ``bisectProbeSeconds``: the ratio under which the search is over.
    public var convergedRatio: Double = 1.05
    /// When the search is over, a probe asks for this fraction more than the estimate…
    public var probeStep: Double = 0.04
    /// …for this many seconds…
    public var probeSeconds: Double = 1
    /// …every this many seconds…
    public var probeInterval: Double = 10
    /// …doubled after each probe the server refused, up to this.
    public var maximumProbeInterval: Double = 60
    /// A refusal without `Retry-After` pauses everyone this long, doubled for each refusal
    /// in a row without a success in between…
    public var barePause: Double = 0.05
    /// …up to this.
    public var maximumBarePause: Double = 2
    /// A probe whose successes came slower than this fraction of its rate was held back by
    /// the run itself (its concurrency, the server's latency), not by the server: the search
    /// stops there.
    public var appLimitedFraction: Double = 0.8

    /// The defaults.
    public init() {}
}
