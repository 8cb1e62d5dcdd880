import Foundation

/// The fields of an S3 or Azure Storage error document that say what went wrong:
///
/// ```xml
/// <Error><Code>AuthorizationHeaderMalformed</Code><Message>…</Message><Region>eu-west-1</Region></Error>
/// <Error><Code>AuthenticationFailed</Code><Message>…</Message>
///   <AuthenticationErrorDetail>…</AuthenticationErrorDetail></Error>
/// ```
///
/// Read by looking for each element, not by parsing XML: the documents are small and flat,
/// anything else (an HTML page from a proxy) simply has none of these fields, and no
/// entity or DTD is ever expanded.
public struct ProviderErrorBody: Sendable, Equatable {
    public var code: String?
    public var message: String?
    /// S3: the region the bucket is in (`AuthorizationHeaderMalformed`, `PermanentRedirect`).
    public var region: String?
    /// S3: the endpoint to use instead (`PermanentRedirect`).
    public var endpoint: String?
    /// Azure: why authentication failed (an expired SAS names its expiry time here).
    public var detail: String?

    public init(_ body: [UInt8]) {
        let text = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
        code = Self.element("Code", in: text)
        message = Self.element("Message", in: text)
        region = Self.element("Region", in: text) ?? Self.element("BucketRegion", in: text)
        endpoint = Self.element("Endpoint", in: text)
        detail = Self.element("AuthenticationErrorDetail", in: text)
    }

    /// The text of the first `<name>…</name>`, entities decoded, trimmed; nil when absent or empty.
    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"),
            let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        let value = decodeEntities(String(text[open.upperBound..<close.lowerBound]))
        let trimmed = value.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    /// The five predefined entities and numeric references; anything else is left as written.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[amp...]
            guard let semi = after.prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let name = after[after.index(after: amp)..<semi]
            if let decoded = entity(name) {
                out.unicodeScalars.append(decoded)
            } else {
                out += after[amp...semi]
            }
            rest = after[after.index(after: semi)...]
        }
        return out + rest
    }

    private static func entity(_ name: Substring) -> Unicode.Scalar? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init)
        }
    }
}
