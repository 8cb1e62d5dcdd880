import Foundation
import SourcesCore

/// Scrubs what a server sends back before anything stores or prints it.
///
/// A proxy or a debugging gateway may answer a 400 or 422 by echoing the request: its body
/// (with `secret_access_key`, `secret`, `sas_token`, `secret_token`) and its headers (with
/// `imageboss-api-key`). The client passes every error through here, so the report (JSON and
/// CSV), the journal and the terminal only ever see `****` (the API's own redaction mark) in
/// their place, in the forms an echo can take: as sent, JSON-escaped (`\/` too) and
/// percent-encoded. Then each message is cut to ``maximumMessageLength`` characters and the
/// list to ``maximumMessages`` (a secret is removed before cutting, so no prefix of it survives).
public struct SecretRedactor: Sendable {
    /// The longest server message kept, in characters.
    public static let maximumMessageLength = 500
    /// The most server messages kept per error.
    public static let maximumMessages = 20

    /// Every form of every secret, longest first (so that a secret holding another is replaced whole).
    private let needles: [String]

    /// A redactor for `secrets` (empty values and `****` are ignored).
    public init(secrets: [String]) {
        var forms: Set<String> = []
        for secret in secrets where !secret.isEmpty && !SecretAttributes.isRedacted(secret) {
            forms.insert(secret)
            let json = String(JSONText.quote(secret).dropFirst().dropLast())
            forms.insert(json)
            forms.insert(json.replacingOccurrences(of: "/", with: "\\/"))
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: Self.unreserved) {
                forms.insert(encoded)
                forms.insert(Self.lowercasedEscapes(encoded))
            }
        }
        needles = forms.sorted { $0.count > $1.count }
    }

    /// The secret values of `credentials` (the provider secrets and `secret_token`) and `apiKey`:
    /// what a request that sends `credentials` could have echoed back.
    public init(apiKey: APIKey, credentials: Credentials = Credentials()) {
        let values = credentials.compactMap { SecretAttributes.sensitive.contains($0.key) ? $0.value : nil }
        self.init(secrets: [apiKey.rawValue] + values)
    }

    /// `text` with every secret replaced by `****`, then cut to ``maximumMessageLength`` characters.
    public func redact(_ text: String) -> String {
        var out = text
        for needle in needles where out.contains(needle) {
            out = out.replacingOccurrences(of: needle, with: SecretAttributes.placeholder)
        }
        return Self.bounded(out)
    }

    /// `error` with every message and detail redacted and bounded.
    public func redact(_ error: APIError) -> APIError {
        switch error {
        case .http(let status, let messages, let rateLimit):
            .http(status: status, messages: redact(messages), rateLimit: rateLimit)
        case .unauthorized(let status, let messages): .unauthorized(status: status, messages: redact(messages))
        case .connectionRefused(let detail): .connectionRefused(redact(detail))
        case .connectionDropped(let detail): .connectionDropped(redact(detail))
        case .timeout: .timeout
        case .invalidResponse(let status, let detail): .invalidResponse(status: status, detail: redact(detail))
        case .transport(let detail): .transport(redact(detail))
        }
    }

    /// At most ``maximumMessages`` messages, each redacted (the last one saying how many were left out).
    public func redact(_ messages: [String]) -> [String] {
        var kept = messages.prefix(Self.maximumMessages).map(redact)
        if messages.count > Self.maximumMessages {
            kept.append("… and \(messages.count - Self.maximumMessages) more messages from the server")
        }
        return kept
    }

    /// `text` cut to ``maximumMessageLength`` characters, saying how much was left out.
    static func bounded(_ text: String) -> String {
        guard text.utf8.count > maximumMessageLength, text.count > maximumMessageLength else { return text }
        return String(text.prefix(maximumMessageLength)) + "… (\(text.count - maximumMessageLength) more characters)"
    }

    /// RFC 3986 unreserved characters: what percent-encoding leaves as they are.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `%2F` → `%2f`: the other spelling of the same escapes.
    private static func lowercasedEscapes(_ text: String) -> String {
        var out = ""
        var pending = 0
        for character in text {
            if character == "%" {
                pending = 2
                out.append(character)
            } else if pending > 0 {
                pending -= 1
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}
