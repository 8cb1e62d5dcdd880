import Foundation
import SourcesCore

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
public final class CircuitBreaker: Sendable {
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
    private let state: Locked<Standing>

    /// A closed breaker.
    public init(settings: Settings = Settings()) {
        self.settings = settings
        self.state = Locked(Standing(window: settings.window))
    }

    /// Where it stands at `now`.
    public func state(now: Double) -> State {
        state.withLock { standing in
            if now < standing.openUntil { return .open(until: standing.openUntil) }
            return standing.halfOpen ? .halfOpen : .closed(level: standing.level)
        }
    }

    /// The number of times it tripped.
    public var tripCount: Int { state.withLock { $0.trips } }

    /// How much longer every backoff is: 2^(trips not yet recovered from).
    public var backoffScale: Double { state.withLock { Double(1 << $0.level) } }

    /// Lets one request go at `now` if the breaker allows it with `concurrency` workers:
    /// returns nil when it went (call ``finished()`` after), else how long to wait before
    /// asking again (the rest of an open period, or a short wait for a slot).
    public func enter(now: Double, concurrency: Int) -> Double? {
        state.withLock { standing in
            if now < standing.openUntil { return standing.openUntil - now }
            let limit = standing.halfOpen ? 1 : max(1, concurrency >> standing.level)
            guard standing.inFlight < limit else { return 0.01 }
            standing.inFlight += 1
            return nil
        }
    }

    /// A request let through by ``enter(now:concurrency:)`` is over.
    public func finished() { state.withLock { $0.inFlight = max(0, $0.inFlight - 1) } }

    /// Records an answer that was not a failure of the API (any answer but a 5xx, a
    /// dropped connection or a timeout; throttling excepted).
    public func recordSuccess() {
        let window = settings.window
        state.withLock { standing in
            standing.outcomes.push(true)
            standing.halfOpen = false
            standing.successStreak += 1
            if standing.successStreak >= window && standing.level > 0 {
                standing.level -= 1
                standing.successStreak = 0
            }
        }
    }

    /// Records a failure of the API at `now`: it may trip the breaker.
    public func recordFailure(now: Double) {
        let settings = self.settings
        state.withLock { standing in
            standing.outcomes.push(false)
            standing.successStreak = 0
            guard now >= standing.openUntil else { return }
            let outcomes = standing.outcomes
            let full = outcomes.count >= settings.window
            if standing.halfOpen
                || (full && Double(outcomes.failures) > settings.failureThreshold * Double(outcomes.count))
            {
                standing.trip(now: now, settings: settings)
            }
        }
    }
}

/// What the breaker knows, behind its lock.
private struct Standing: Sendable {
    var outcomes: OutcomeWindow
    /// Trips not yet recovered from.
    var level = 0
    var openUntil = -Double.infinity
    var halfOpen = false
    var successStreak = 0
    var inFlight = 0
    var trips = 0

    init(window: Int) { outcomes = OutcomeWindow(capacity: window) }

    mutating func trip(now: Double, settings: CircuitBreaker.Settings) {
        trips += 1
        level = min(settings.maximumLevel, level + 1)
        let seconds = settings.openSeconds * Double(1 << (level - 1))
        openUntil = now + min(settings.maximumOpenSeconds, seconds)
        halfOpen = true
        outcomes.removeAll()
    }
}

/// The last `capacity` outcomes (true: success) in a ring, with the failures among them counted.
private struct OutcomeWindow: Sendable {
    private var ring: [Bool] = []
    private var next = 0
    private let capacity: Int
    /// How many of the outcomes held are failures.
    private(set) var failures = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// How many outcomes are held (at most the capacity).
    var count: Int { ring.count }

    /// Adds `success`, forgetting the oldest outcome once the ring is full.
    mutating func push(_ success: Bool) {
        if !success { failures += 1 }
        if ring.count < capacity {
            ring.append(success)
            return
        }
        if !ring[next] { failures -= 1 }
        ring[next] = success
        next = (next + 1) % capacity
    }

    mutating func removeAll() {
        ring.removeAll(keepingCapacity: true)
        next = 0
        failures = 0
    }
}
