/// How hard the uploader drives the API.
public struct UploadSettings: Sendable, Equatable {
    /// At most this many requests in flight (`--concurrency`, default 8).
    public var concurrency: Int
    /// Retries per request after the first attempt (`--max-retries`, default 5).
    public var maxRetries: Int
    /// Size of the run-wide retry budget, in tokens (a retry costs 5, a timeout 10, a success returns 1).
    public var retryBudget: Int

    /// Creates settings.
    public init(concurrency: Int = 8, maxRetries: Int = 5, retryBudget: Int = 500) {
        self.concurrency = max(1, concurrency)
        self.maxRetries = max(0, maxRetries)
        self.retryBudget = max(0, retryBudget)
    }
}
