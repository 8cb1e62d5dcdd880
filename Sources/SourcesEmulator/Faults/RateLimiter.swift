import Foundation
import SourcesCore

/// The outcome of asking the rate limiter for one request.
struct RateDecision: Sendable {
    /// True when the request may go ahead.
    var allowed: Bool
    /// The bucket size (`X-RateLimit-Limit`).
    var limit: Int
    /// Whole requests left in the bucket (`X-RateLimit-Remaining`).
    var remaining: Int
    /// Whole seconds until the bucket is full again (`X-RateLimit-Reset`).
    var resetSeconds: Int
    /// Whole seconds until one request is allowed (`Retry-After`), when refused.
    var retryAfterSeconds: Int
}

/// A token bucket per account: `rate` tokens a second, holding at most `burst`.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: UInt64
    }

    let rate: Double
    let burst: Int
    private let buckets = Locked([String: Bucket]())

    init(rate: Double, burst: Int?) {
        self.rate = rate
        self.burst = max(1, burst ?? Int(rate.rounded(.up)))
    }

    /// Takes one token from `account`'s bucket if it has one.
    func take(account: String, now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> RateDecision {
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
}
