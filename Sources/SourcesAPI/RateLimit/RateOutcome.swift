/// What a request told the ``RateGovernor``.
public enum RateOutcome: Sendable, Equatable {
    /// A 2xx (or any answer that was not throttling) with the hints it carried.
    case success(RateLimitHeaders)
    /// A 429 with its `Retry-After` / `X-RateLimit-*` hints.
    case rateLimited(RateLimitHeaders)
    /// A failure that was not throttling; only its hints are used (no rate change).
    case hints(RateLimitHeaders)

    /// The outcome an ``APIError`` stands for: `.rateLimited` for a 429 or a 503 that paces
    /// (``APIError/isThrottle``), `.hints` for any other HTTP answer, nil when no response came
    /// (timeouts, refused or dropped connections).
    public init?(error: APIError) {
        switch error {
        case .http(_, _, let rateLimit) where error.isThrottle: self = .rateLimited(rateLimit)
        case .http(_, _, let rateLimit): self = .hints(rateLimit)
        default: return nil
        }
    }
}
