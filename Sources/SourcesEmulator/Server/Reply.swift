import HTTPTypes
import Hummingbird

/// Builds the emulator's JSON responses.
enum Reply {
    static let contentType = "application/json; charset=utf-8"

    /// A response whose body is the JSON `text`.
    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        let buffer = ByteBuffer(string: text)
        return Response(
            status: status,
            headers: [.contentType: contentType, .contentLength: String(buffer.readableBytes)],
            body: .init(byteBuffer: buffer))
    }

    /// `{"errors": [...]}` with `status`.
    static func errors(_ status: HTTPResponse.Status, _ messages: [String]) -> Response {
        json(status, JSONWriter.errors(messages))
    }

    /// `{"errors": [message]}` for an error status raised outside the routes, with ``message(for:)``.
    static func errors(for status: HTTPResponse.Status) -> Response {
        errors(status, [message(for: status)])
    }

    /// The message for an error status raised outside the routes (unknown path, body too large…).
    static func message(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "Not found"
        case 405: "Method not allowed"
        case 413: "Request body is larger than 1 MB"
        case 400: "Bad request"
        default: status.reasonPhrase.isEmpty ? "Error \(status.code)" : status.reasonPhrase
        }
    }

    /// A 429 in the limiter's `style`: its headers (`rateHeaders` holds the `full` style's
    /// `X-RateLimit-*`) and its body, the API's JSON or Rack::Attack's `Retry later`.
    static func throttled(_ decision: RateDecision, style: LimiterStyle, headers rateHeaders: HTTPFields) -> Response {
        let wait = decision.retryAfterSeconds
        var response: Response
        switch style.body {
        case .json:
            response = errors(.tooManyRequests, ["Rate limit exceeded: retry in \(wait) second\(wait == 1 ? "" : "s")"])
        case .text:
            let buffer = ByteBuffer(string: "Retry later\n")
            response = Response(
                status: .tooManyRequests,
                headers: [.contentType: "text/plain", .contentLength: String(buffer.readableBytes)],
                body: .init(byteBuffer: buffer))
        }
        switch style.headers {
        case .full:
            response.headers[.retryAfter] = String(wait)
            response.headers.append(contentsOf: rateHeaders)
        case .retryAfter:
            response.headers[.retryAfter] = String(wait)
            for (name, value) in [("X-RateLimit-Limit", decision.limit), ("X-RateLimit-Remaining", 0)] {
                if let name = HTTPField.Name(name) { response.headers[name] = String(value) }
            }
        case .none:
            break
        }
        return response
    }

    static let sourceNotFound = errors(.notFound, ["Source not found"])
    static let serviceUnavailable = errors(.serviceUnavailable, ["Service temporarily unavailable, please retry later"])
}
