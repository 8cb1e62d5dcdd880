import SourcesCore
import Foundation

/// Decides what a complete HTTP response means: a 2xx with JSON, or an ``APIError``.
///
/// Details in ``APIError/invalidResponse(status:detail:)`` are at most ~200 characters,
/// never quote a body that looks like JSON (it may hold secrets), and have the API key and
/// the request's secrets scrubbed from any quoted text before it is cut short (a cut first
/// would leave a prefix of a secret that no longer matches it).
public struct ResponseInterpreter {
    let redactor: SecretRedactor

    /// An interpreter that redacts with `redactor` before anything is quoted.
    public init(redactor: SecretRedactor) { self.redactor = redactor }

    public func interpret(status: Int, contentType: String?, body: [UInt8], rateLimit: RateLimitHeaders)
        throws(APIError) -> (Int, JSONValue?, RateLimitHeaders)
    {
        let trimmedEmpty = body.allSatisfy(ASCIIWhitespace.contains)
        let parsed: Result<JSONValue?, JSONParser.Failure>
        if trimmedEmpty {
            parsed = .success(nil)
        } else {
            do throws(JSONParser.Failure) { parsed = .success(try JSONParser.parse(body)) } catch {
                parsed = .failure(error)
            }
        }
        let messages: [String] = (try? parsed.get())?.flatMap { SourcePayload.errorMessages($0) } ?? []

        switch status {
        case 200..<300:
            switch parsed {
            case .success(let json): return (status, json, rateLimit)
            case .failure(let failure):
                throw .invalidResponse(status: status, detail: detail(failure, contentType, body))
            }
        case 401, 403:
            throw .unauthorized(status: status, messages: messages)
        case 429, 503:
            // A refusal whatever its body (text, an HTML page, nothing): the status and the
            // hints are what the governor and the retries act on.
            throw .http(status: status, messages: messages, rateLimit: rateLimit)
        default:
            if case .failure(let failure) = parsed {
                throw .invalidResponse(status: status, detail: detail(failure, contentType, body))
            }
            throw .http(status: status, messages: messages, rateLimit: rateLimit)
        }
    }

    /// A short, secret-free account of why `body` is not the API's JSON.
    func detail(_ failure: JSONParser.Failure, _ contentType: String?, _ body: [UInt8]) -> String {
        let kind = contentType.map { $0.split(separator: ";").first.map(String.init) ?? $0 } ?? "no content type"
        var text = "\(kind), \(body.count) bytes"
        let first = body.first { !ASCIIWhitespace.contains($0) }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            return text + ", truncated or malformed JSON (\(failure))"
        }
        let raw = String(decoding: body.prefix(4096), as: UTF8.self)
        var excerpt = htmlTitle(raw) ?? raw
        excerpt = excerpt.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        excerpt = redactor.redact(excerpt)
        if excerpt.count > 120 { excerpt = String(excerpt.prefix(120)) + "…" }
        if !excerpt.isEmpty { text += ": \(excerpt)" }
        return text
    }

    private func htmlTitle(_ html: String) -> String? {
        guard let open = html.range(of: "<title>", options: .caseInsensitive),
            let close = html.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<html.endIndex)
        else { return nil }
        return String(html[open.upperBound..<close.lowerBound])
    }
}
