extension APIError {
    /// True when the server asked us to slow down rather than failed: a 429 (whatever its
    /// body), or a 503 that is not the API's own error, i.e. one with `Retry-After` (a
    /// maintenance window, a connection cap) or one whose body is not the API's JSON (nginx's
    /// `limit_req` answers a bare 503 with its HTML page, and nothing else says it is a limit).
    ///
    /// Such a refusal is pacing: it paces the whole run through the ``RateGovernor`` and does
    /// not count against a request's retries. A 503 that carries the API's JSON `errors` is a
    /// fault of the API, retried and counted as such. Guessing wrong is safe both ways: a
    /// fault taken for pacing slows the run down and is still retried (and a create is still
    /// looked up before it is sent again, since a 503's outcome is unknown); the run stops when
    /// nothing has succeeded for the stall timeout.
    public var isThrottle: Bool {
        switch self {
        case .http(429, _, _): true
        case .http(503, let messages, let hints): hints.retryAfter != nil || messages.isEmpty
        default: false
        }
    }
}
