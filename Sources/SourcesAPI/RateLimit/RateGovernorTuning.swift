/// The constants of a ``RateGovernor``. The defaults are what the governor's tests
/// and the emulator load test were measured with.
public struct RateGovernorTuning: Sendable, Equatable {
    /// Multiplicative decrease on a 429: the new rate is `beta` times the rate observed
    /// just before it.
    public var beta: Double = 0.75
    /// The rate never drops below this (requests per second).
    public var minimumRate: Double = 0.5
    /// Slow start: the rate grows by this much per success (so it grows by `gain`×rate per
    /// second while the governor is the bottleneck: ×7 a second at 2).
    public var slowStartGain: Double = 2
    /// After a 429, the rate climbs back to `recoveryTarget`×ceiling within about
    /// `recoverySeconds`, ceiling being the rate at which the 429 came.
    public var recoveryTarget: Double = 0.92
    /// See ``recoveryTarget``.
    public var recoverySeconds: Double = 2
    /// Between the recovery target and the ceiling, the rate creeps up by this fraction of
    /// the ceiling per second.
    public var probeFraction: Double = 0.01
    /// Past the ceiling without pushback, the rate grows by this fraction of itself per second.
    public var beyondCeilingGrowth: Double = 0.1
    /// The bucket holds this many seconds' worth of tokens (at least one, at most
    /// ``maximumBurst``), which bounds bursts: requests are spread evenly, so a burst after a
    /// pause does not empty a small server-side bucket at once.
    public var burstSeconds: Double = 0.05
    /// See ``burstSeconds``.
    public var maximumBurst: Double = 4
    /// When `X-RateLimit-Remaining` shows the server's allowance draining, the rate is set to
    /// this fraction of the estimated sustainable rate.
    public var earlyTarget: Double = 0.95
    /// The window over which the sent rate is measured.
    public var observationWindow: Double = 1
    /// How long a 429 without `Retry-After` or a usable reset pauses everyone.
    public var defaultPause: Double = 1
    /// The rate never grows beyond this multiple of the measured sending rate plus the
    /// initial rate, so an idle or concurrency-bound run does not bank a huge rate.
    public var growthHeadroom: Double = 2

    /// The defaults.
    public init() {}
}
