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

    static let sourceNotFound = errors(.notFound, ["Source not found"])
    static let serviceUnavailable = errors(.serviceUnavailable, ["Service temporarily unavailable, please retry later"])
}
