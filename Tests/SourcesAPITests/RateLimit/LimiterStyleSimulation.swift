import SourcesAPI

/// A server-side limiter in virtual time, in each of the styles real servers use: a token
/// bucket or a fixed window, telling everything (`X-RateLimit-*` on every answer), only on a
/// refusal (`Retry-After` whole seconds rounded up, `X-RateLimit-Limit`, `Remaining: 0`), or
/// nothing (a bare 429). The same styles as the emulator's `--rate-limit-headers` and
/// `--rate-limit-window`.
struct StyledLimiter: Sendable, CustomStringConvertible {
    enum Kind: Sendable {
        case bucket(burst: Double)
        case window(seconds: Double)
    }

    enum Headers: Sendable {
        case full, retryAfter, none
    }

    let rate: Double
    let kind: Kind
    let headers: Headers
    private var tokens: Double = 0
    private var last: Double = 0
    private var windowIndex = -1
    private var used = 0
    private(set) var accepted = 0
    private(set) var refused = 0
    /// From this time on every request is refused (a key locked out for good).
    var lockedOutAfter = Double.infinity

    init(rate: Double, _ kind: Kind, _ headers: Headers) {
        self.rate = rate
        self.kind = kind
        self.headers = headers
        if case .bucket(let burst) = kind { tokens = burst }
    }

    var description: String {
        let shape =
            switch kind {
            case .bucket(let burst): "bucket \(Int(rate))/s burst \(Int(burst))"
            case .window(let seconds): "window \(Int(rate * seconds)) per \(Int(seconds)) s"
            }
        return "\(shape), headers \(headers)"
    }

    /// The answer to a request arriving at `now`.
    mutating func handle(at now: Double) -> RateOutcome {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        var wait: Double
        switch kind {
        case .bucket(let burst):
            tokens = min(burst, tokens + (now - last) * rate)
            last = now
            allowed = tokens >= 1
            if allowed { tokens -= 1 }
            limit = Int(burst)
            remaining = Int(tokens.rounded(.down))
            wait = allowed ? (burst - tokens) / rate : (1 - tokens) / rate
        case .window(let seconds):
            let index = Int((now / seconds).rounded(.down))
            if index != windowIndex {
                windowIndex = index
                used = 0
            }
            limit = Int(rate * seconds)
            allowed = used < limit
            if allowed { used += 1 }
            remaining = limit - used
            wait = Double(index + 1) * seconds - now
        }
        if now >= lockedOutAfter { allowed = false }
        var hints = RateLimitHeaders()
        if headers == .full {
            hints.limit = limit
            hints.remaining = remaining
            hints.resetAfter = wait.rounded(.up)
        }
        if allowed {
            accepted += 1
            return .success(hints)
        }
        refused += 1
        if headers != .none {
            hints.retryAfter = max(1, wait.rounded(.up))
            hints.limit = limit
            hints.remaining = 0
        }
        return .rateLimited(hints)
    }
}

/// `workers` concurrent workers sending through `governor` to `limiter` for `duration`
/// seconds of virtual time, each request answered after a latency drawn from 1-3 ms
/// (deterministic): time advances in 1 ms ticks on `clock` (manual mode), and an idle worker
/// takes a token with `tryAcquire()` at each tick until one is refused.
func simulateConcurrently(
    governor: RateGovernor, clock: ManualRateClock, limiter: inout StyledLimiter, duration: Double,
    workers: Int = 8, stopAfterSuccesses: Int? = nil
) async -> (seconds: Double, successes: Int) {
    var inFlight: [(due: Double, outcome: RateOutcome)] = []
    var idle = workers
    var step: UInt64 = 0x9E37_79B9_7F4A_7C15
    var successes = 0
    while clock.now.seconds < duration {
        let now = clock.now.seconds
        inFlight.sort { $0.due < $1.due }
        while let first = inFlight.first, first.due <= now + 1e-9 {
            inFlight.removeFirst()
            await governor.record(first.outcome)
            if case .success = first.outcome { successes += 1 }
            idle += 1
        }
        if let stop = stopAfterSuccesses, successes >= stop { return (now, successes) }
        while idle > 0, await governor.tryAcquire() {
            idle -= 1
            step = step &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let latency = 0.001 + 0.002 * Double(step >> 11) / Double(1 << 53)
            inFlight.append((now + latency, limiter.handle(at: now + latency / 2)))
        }
        clock.advance(by: .milliseconds(1))
    }
    return (clock.now.seconds, successes)
}
