import Foundation

/// The run's circuit breaker: when most recent requests fail, the API is struggling, and the
/// run slows down instead of hammering it or giving up.
///
/// It watches the outcomes of the last ``Settings/window`` requests that got an answer or
/// failed for good (throttling is the ``RateGovernor``'s business, not a failure). When more
/// than ``Settings/failureThreshold`` of them failed it *trips*: for a while (1 s, doubled at
/// each trip in a row, up to 30 s) no request leaves; then it is *half-open*: one request at a
/// time, and its failure trips it again at once; its success closes it. Each trip not yet
/// recovered from halves the requests allowed in flight and doubles every retry's backoff;
/// a window's worth of successes in a row recovers one.
///
/// It never stops a run: a flaky API that answers three requests in four (10% 503s, 5%
/// dropped connections, 10% writes that fail after being carried out) never trips it, and
/// one that is down is slowed to a probe every 30 s until the uploader's stall timeout (no
/// success for that long) stops the run. It replaces a retry budget that stopped such a
/// flaky but working run after about 1,000 requests.
public final class CircuitBreaker: @unchecked Sendable {
    /// The breaker's constants.
    public struct Settings: Sendable, Equatable {
        /// The number of recent outcomes looked at.
        public var window = 40
        /// It trips when more than this share of the window failed.
        public var failureThreshold = 0.5
        /// The first trip holds requests back this long…
        public var openSeconds = 1.0
        /// …doubled at each trip in a row, up to this.
        public var maximumOpenSeconds = 30.0
        /// At most this many trips count (requests in flight ÷ 2^6, backoff × 2^6).
        public var maximumLevel = 6

        /// The defaults: 40 outcomes, 50%, 1 s to 30 s.
        public init() {}
    }

    /// Where the breaker stands.
    public enum State: Sendable, Equatable {
        /// Requests go; `level` trips are not yet recovered from.
        case closed(level: Int)
        /// No request goes until `until` (in the caller's clock seconds).
        case open(until: Double)
        /// One request at a time, to see whether the API is back.
        case halfOpen
    }

    /// The constants in use.
    public let settings: Settings
    private let lock = NSLock()
    private var outcomes: [Bool] = []
    private var failures = 0
    private var level = 0
    private var openUntil = -Double.infinity
    private var halfOpen = false
    private var successStreak = 0
    private var inFlight = 0
    private var trips = 0

    /// A closed breaker.
    public init(settings: Settings = Settings()) { self.settings = settings }

    /// Where it stands at `now`.
    public func state(now: Double) -> State {
        lock.withLock {
            if now < openUntil { return .open(until: openUntil) }
            return halfOpen ? .halfOpen : .closed(level: level)
        }
    }

    /// The number of times it tripped.
    public var tripCount: Int { lock.withLock { trips } }

    /// How much longer every backoff is: 2^(trips not yet recovered from).
    public var backoffScale: Double { lock.withLock { Double(1 << level) } }

    /// Lets one request go at `now` if the breaker allows it with `concurrency` workers:
    /// returns nil when it went (call ``finished()`` after), else how long to wait before
    /// asking again (the rest of an open period, or a short wait for a slot).
    public func enter(now: Double, concurrency: Int) -> Double? {
        lock.withLock {
            if now < openUntil { return openUntil - now }
            let limit = halfOpen ? 1 : max(1, concurrency >> level)
            guard inFlight < limit else { return 0.01 }
            inFlight += 1
            return nil
        }
    }

    /// A request let through by ``enter(now:concurrency:)`` is over.
    public func finished() { lock.withLock { inFlight = max(0, inFlight - 1) } }

    /// Records an answer that was not a failure of the API (any answer but a 5xx, a
    /// dropped connection or a timeout; throttling excepted).
    public func recordSuccess() {
        lock.withLock {
            push(true)
            halfOpen = false
            successStreak += 1
            if successStreak >= settings.window && level > 0 {
                level -= 1
                successStreak = 0
            }
        }
    }

    /// Records a failure of the API at `now`: it may trip the breaker.
    public func recordFailure(now: Double) {
        lock.withLock {
            push(false)
            successStreak = 0
            guard now >= openUntil else { return }
            let full = outcomes.count >= settings.window
            if halfOpen || (full && Double(failures) > settings.failureThreshold * Double(outcomes.count)) {
                trip(now: now)
            }
        }
    }

    private func trip(now: Double) {
        trips += 1
        level = min(settings.maximumLevel, level + 1)
        let seconds = settings.openSeconds * Double(1 << (level - 1))
        openUntil = now + min(settings.maximumOpenSeconds, seconds)
        halfOpen = true
        outcomes.removeAll()
        failures = 0
    }

    private func push(_ success: Bool) {
        outcomes.append(success)
        if !success { failures += 1 }
        if outcomes.count > settings.window {
            if !outcomes.removeFirst() { failures -= 1 }
        }
    }
}
