/// How a run went, for the closing summary and the report.
public struct RunStatistics: Sendable, Equatable {
    /// Requests sent (planning listing and lookups included).
    public var requests = 0
    /// Requests that were repeats of a failed one.
    public var retries = 0
    /// Responses with status 429.
    public var rateLimited = 0
    /// Lookups made to settle a create whose outcome was unknown.
    public var reconciliations = 0
    /// Seconds spent with every worker paused by the rate limit.
    public var waitedSeconds = 0.0
    /// Seconds the upload took.
    public var elapsedSeconds = 0.0

    /// No requests yet.
    public init() {}

    /// Writes requests per second over the upload.
    public var requestsPerSecond: Double { elapsedSeconds > 0 ? Double(requests) / elapsedSeconds : 0 }

    /// One line of JSON.
    public var json: String {
        "{\"requests\": \(requests), \"retries\": \(retries), \"rate_limited\": \(rateLimited), "
            + "\"reconciliations\": \(reconciliations), \"waited_seconds\": \(Self.fixed(waitedSeconds)), "
            + "\"elapsed_seconds\": \(Self.fixed(elapsedSeconds))}"
    }

    static func fixed(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return String(scaled)
    }
}
