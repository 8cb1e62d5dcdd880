/// Why a request to the Sources API did not succeed.
///
/// Messages never contain the API key or a secret value.
public enum APIError: Error, Sendable, Equatable {
    /// The server answered with a non-2xx status. `messages` are its `errors`
    /// verbatim when the body was the API's JSON, else empty.
    case http(status: Int, messages: [String], rateLimit: RateLimitHeaders)
    /// 401 or 403: the key was refused. The run must stop.
    case unauthorized(status: Int, messages: [String])
    /// The connection was refused (nothing was sent).
    case connectionRefused(String)
    /// The connection closed before a whole response arrived (the request may have been handled).
    case connectionDropped(String)
    /// No answer in time (the request may have been handled).
    case timeout
    /// A 2xx (or error) response whose body is not the JSON the API documents.
    case invalidResponse(status: Int, detail: String)
    /// Anything else the transport reported (DNS, TLS…).
    case transport(String)

    /// True when the request may have been carried out although no success came back:
    /// a timeout, a dropped connection or a 5xx. A create in this state must be
    /// reconciled (looked up by name) before it is sent again.
    public var outcomeUnknown: Bool {
        switch self {
        case .timeout, .connectionDropped: true
        case .http(let status, _, _): status >= 500
        case .invalidResponse(let status, _): status >= 500
        default: false
        }
    }

    /// True for failures worth retrying: 429, 500, 502, 503, 504, refused or dropped
    /// connections, timeouts, and a 5xx whose body was not JSON.
    public var isRetryable: Bool {
        switch self {
        case .http(let status, _, _): [429, 500, 502, 503, 504].contains(status)
        case .invalidResponse(let status, _): status >= 500
        case .connectionRefused, .connectionDropped, .timeout: true
        case .unauthorized, .transport: false
        }
    }

    /// The HTTP status, when there was a response.
    public var status: Int? {
        switch self {
        case .http(let s, _, _), .unauthorized(let s, _), .invalidResponse(let s, _): s
        default: nil
        }
    }

    /// The server's error messages, verbatim, when it sent any.
    public var serverMessages: [String] {
        switch self {
        case .http(_, let m, _), .unauthorized(_, let m): m
        default: []
        }
    }
}

extension APIError: CustomStringConvertible {
    /// A one-line account of the failure, for reports and the terminal.
    public var description: String {
        switch self {
        case .http(let status, let messages, _):
            messages.isEmpty ? "HTTP \(status)" : "HTTP \(status): " + messages.joined(separator: "; ")
        case .unauthorized(let status, _):
            "HTTP \(status): the API key was refused; check IMAGEBOSS_API_KEY or --api-key-file"
        case .connectionRefused(let detail): "connection refused (\(detail))"
        case .connectionDropped(let detail): "connection closed before a response (\(detail))"
        case .timeout: "no response in time"
        case .invalidResponse(let status, let detail):
            "HTTP \(status) with a response that is not the API's JSON: \(detail)"
        case .transport(let detail): "request failed: \(detail)"
        }
    }
}
