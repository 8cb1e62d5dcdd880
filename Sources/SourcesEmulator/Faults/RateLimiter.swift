import Foundation
import SourcesCore

/// The outcome of asking the rate limiter for one request.
struct RateDecision: Sendable {
    /// True when the request may go ahead.
    var allowed: Bool
    /// The bucket size, or the requests a window allows (`X-RateLimit-Limit`).
    var limit: Int
    /// Whole requests left in the bucket or the window (`X-RateLimit-Remaining`).
    var remaining: Int
    /// Whole seconds until the bucket is full again, or the window ends (`X-RateLimit-Reset`).
    var resetSeconds: Int
    /// Whole seconds, rounded up, until one request is allowed (`Retry-After`), when refused.
    var retryAfterSeconds: Int
}

/// A limit per account: a token bucket (`rate` tokens a second, holding at most `burst`), or
/// a fixed window (`rate` × `window` requests per window of `window` seconds, the count reset
/// when the window ends, windows aligned on the wall clock as Rack::Attack's are).
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: UInt64
    }

    private struct Window {
        var index: Int64
        var used: Int
    }

    let rate: Double
    let burst: Int
    /// The window's length in seconds, when the limiter is a fixed window.
    let window: Double?
    private let buckets = Locked([String: Bucket]())
    private let windows = Locked([String: Window]())

    init(rate: Double, burst: Int?, window: Double? = nil) {
        self.rate = rate
        self.burst = max(1, burst ?? Int(rate.rounded(.up)))
        self.window = window
    }

    /// Takes one request from `account`'s allowance if it has one.
    func take(account: String) -> RateDecision {
        if let window { return take(account: account, window: window, now: Date().timeIntervalSince1970) }
        return take(account: account, now: DispatchTime.now().uptimeNanoseconds)
    }

    /// The token bucket at `now` (nanoseconds of a monotonic clock).
    func take(account: String, now: UInt64) -> RateDecision {
        let capacity = Double(burst)
        return buckets.withLock { all in
            var bucket = all[account] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = Double(now &- bucket.updated) / 1e9
            bucket.tokens = min(capacity, bucket.tokens + max(0, elapsed) * rate)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            all[account] = bucket
            let reset = Int(((capacity - bucket.tokens) / rate).rounded(.up))
            let retry = allowed ? 0 : max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
            return RateDecision(
                allowed: allowed, limit: burst, remaining: Int(bucket.tokens.rounded(.down)),
                resetSeconds: reset, retryAfterSeconds: retry)
        }
    }

    /// The fixed window of `length` seconds at `now` (seconds since the epoch).
    func take(account: String, window length: Double, now: Double) -> RateDecision {
        let limit = max(1, Int((rate * length).rounded(.down)))
        let index = Int64((now / length).rounded(.down))
        let ends = Double(index + 1) * length
        return windows.withLock { all in
            var current = all[account] ?? Window(index: index, used: 0)
            if current.index != index { current = Window(index: index, used: 0) }
            let allowed = current.used < limit
            if allowed { current.used += 1 }
            all[account] = current
            let untilEnd = max(1, Int((ends - now).rounded(.up)))
            return RateDecision(
                allowed: allowed, limit: limit, remaining: limit - current.used, resetSeconds: untilEnd,
                retryAfterSeconds: allowed ? 0 : untilEnd)
        }
    }
}
