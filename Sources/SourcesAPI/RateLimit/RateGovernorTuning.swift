/// The constants of a ``RateGovernor``. The defaults are what the governor's tests
/// and the emulator load test were measured with.
public struct RateGovernorTuning: Sendable, Equatable {
    /// Multiplicative decrease on a 429: the new rate is `beta` times the rate observed
    /// just before it.
    public var beta: Double = 0.75
    /// The rate never drops below this (requests per second).
    public var minimumRate: Double = 0.5
    /// Slow start: the rate grows by this much per success, so while the governor is the
    /// bottleneck it grows by `gain`×rate per second: at 7 it doubles every 100 ms, from 10
    /// to 1000 requests per second in under 0.7 s.
    public var slowStartGain: Double = 7
    /// Slow start's gain once `X-RateLimit-Limit` has seeded the rate: the server is known to
    /// limit, so growth past its bucket size is gentler (doubling about every 0.5 s) and its
    /// `Remaining` readings have time to show a drain before the bucket is empty.
    public var seededSlowStartGain: Double = 1.5
    /// The shortest stretch of draining `Remaining` readings an estimate is made from.
    public var minimumDrainSpan: Double = 0.1
    /// After a 429, the rate climbs back to `recoveryTarget`×ceiling within about
    /// `recoverySeconds`, ceiling being the rate at which the 429 came.
    public var recoveryTarget: Double = 0.92
    /// See ``recoveryTarget``.
    public var recoverySeconds: Double = 2
    /// Between the recovery target and the ceiling, the rate creeps up by this fraction of
    /// the ceiling per second.
    public var probeFraction: Double = 0.02
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
    /// The longest stretch of `X-RateLimit-Remaining` readings (since the server's bucket was
    /// last full) from which its refill rate is estimated.
    public var drainWindow: Double = 5
    /// Waiters sleep at most this long at a time, then look again (so a raised rate or a new
    /// pause applies to them within this delay).
    public var sleepSlice: Double = 0.05
    /// The window over which the sent rate is measured.
    public var observationWindow: Double = 1
    /// How long a 429 without `Retry-After` or a usable reset pauses everyone, on a server
    /// whose successes carry `X-RateLimit-Remaining` (without them, see ``RateLearningTuning/barePause``).
    public var defaultPause: Double = 1
    /// The rate never grows beyond this multiple of the measured sending rate plus the
    /// initial rate, so an idle or concurrency-bound run does not bank a huge rate.
    public var growthHeadroom: Double = 3
    /// The window over which the sending rate is measured for ``growthHeadroom``.
    public var headroomWindow: Double = 0.25

    /// How a limit that no header announces is learned.
    public var learning = RateLearningTuning()

    /// The defaults.
    public init() {}
}
