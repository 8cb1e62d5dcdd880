/// What the emulator saw: the numbers `GET /_emulator/stats` returns.
///
/// Only API requests count (`/_emulator/*` does not). A dropped connection counts
/// by method and as a fault, but has no status.
public struct EmulatorStats: Codable, Sendable, Equatable {
    /// Injected misbehaviour, by kind.
    public struct Faults: Codable, Sendable, Equatable {
        /// Requests answered 503 instead of being handled (`--fault-rate`).
        public var serviceUnavailable: Int = 0
        /// Connections closed without an answer (`--drop-rate`).
        public var dropped: Int = 0
        /// Writes carried out and then answered 503 (`--commit-fail-rate`).
        public var commitFailed: Int = 0
        /// Responses delayed (`--latency`).
        public var delayed: Int = 0

        /// No faults.
        public init() {}

        /// Every injected fault except delays.
        public var total: Int { serviceUnavailable + dropped + commitFailed }

        enum CodingKeys: String, CodingKey {
            case serviceUnavailable = "service_unavailable", dropped, commitFailed = "commit_failed", delayed
        }
    }

    /// Every API request received.
    public var totalRequests: Int = 0
    /// Requests by HTTP method (`GET`, `POST`…).
    public var requestsByMethod: [String: Int] = [:]
    /// Responses by status code, as a string (`"200"`, `"422"`…).
    public var requestsByStatus: [String: Int] = [:]
    /// Requests refused with 429 by the rate limit.
    public var rateLimited: Int = 0
    /// Injected faults.
    public var faults = Faults()

    /// Empty statistics.
    public init() {}

    /// The number of responses with `status`.
    public func count(status: Int) -> Int { requestsByStatus[String(status)] ?? 0 }

    /// The number of requests with `method` (`"POST"`).
    public func count(method: String) -> Int { requestsByMethod[method] ?? 0 }

    enum CodingKeys: String, CodingKey {
        case totalRequests = "total_requests", requestsByMethod = "requests_by_method"
        case requestsByStatus = "requests_by_status", rateLimited = "rate_limited", faults
    }
}
