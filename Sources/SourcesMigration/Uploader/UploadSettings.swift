/// How hard the uploader drives the API.
public struct UploadSettings: Sendable, Equatable {
    /// At most this many requests in flight (`--concurrency`, default 8).
    public var concurrency: Int
    /// Retries per request after the first attempt (`--max-retries`, default 5), for failures
    /// of the API (5xx, dropped connections, timeouts); throttling (429s, a 503 that paces)
    /// does not count.
    public var maxRetries: Int
    /// The run stops when no request has succeeded for this many seconds (`--stall-timeout`,
    /// default 600: 10 minutes).
    public var stallTimeout: Double

    /// Creates settings.
    public init(concurrency: Int = 8, maxRetries: Int = 5, stallTimeout: Double = 600) {
        self.concurrency = max(1, concurrency)
        self.maxRetries = max(0, maxRetries)
        self.stallTimeout = stallTimeout.isFinite && stallTimeout > 0 ? stallTimeout : 600
    }
}
