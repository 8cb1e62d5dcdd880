import Foundation
import SourcesAPI
import SourcesCore

/// When the run must stop because nothing gets through: no request has succeeded for the
/// stall timeout (`--stall-timeout`, default 10 minutes).
///
/// This is the one way a struggling API stops a run. Throttling (429s, a 503 that paces) and
/// faults (5xx, drops, timeouts) slow the run down, through the ``RateGovernor`` and the
/// ``CircuitBreaker``, but never fail a record on their own account nor end the run while
/// some requests still succeed: each success is progress, and stopping would only make the
/// user resume a run that was getting somewhere. A key locked out for good, an API that is
/// down, answer nothing but refusals and failures: after the timeout the run stops (exit 3,
/// with the resume hint). Any answer that is not a failure counts as progress (a 422 is an
/// answer too).
final class StallWatch: Sendable {
    /// The timeout, in seconds.
    let timeout: Double
    private let clock: any RateClock
    private let lastProgress: Locked<Double>

    init(timeout: Double, clock: any RateClock) {
        self.timeout = timeout
        self.clock = clock
        lastProgress = Locked(clock.now.seconds)
    }

    /// A request got an answer that was not a failure.
    func progressed() {
        let now = clock.now.seconds
        lastProgress.withLock { $0 = max($0, now) }
    }

    /// The clock time at which the run counts as stalled, unless something succeeds first.
    var deadline: Double { lastProgress.withLock { $0 } + timeout }

    /// True when nothing has succeeded for the timeout.
    var isStalled: Bool { clock.now.seconds >= deadline }
}
