import Foundation
public import SourcesCore

/// Takes a record's secrets out of text a provider sent back before it is printed.
///
/// Providers echo requests in their errors (S3's `SignatureDoesNotMatch` carries the
/// canonical request; a proxy may echo the URL with its SAS token), so everything a
/// provider says goes through ``clean(_:)``: each secret is replaced, as written, decoded and
/// percent-encoded (and, for a SAS token, its `sig` value alone), control characters become
/// spaces, and the text is cut to a line's length.
public struct SecretRedactor: Sendable {
    /// What a secret is replaced with (not the API's `****`, so the two are never confused).
    public static let mask = "[redacted]"
    /// The longest text kept.
    public static let limit = 300

    private let secrets: [String]

    /// A redactor for `secrets` (empty values and the API's placeholder are ignored).
    public init(secrets: [String]) {
        var all: Set<String> = []
        for secret in secrets where !secret.isEmpty && !SecretAttributes.isRedacted(secret) {
            all.insert(secret)
            all.insert(AWSPercentEncoding.decode(secret))
            all.insert(AWSPercentEncoding.encode(secret))
            all.insert(AWSPercentEncoding.encode(AWSPercentEncoding.decode(secret)))
        }
        all.remove("")
        // Longest first, so a secret that contains another is replaced whole.
        self.secrets = all.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// A redactor for every sensitive attribute of `source` (``SecretAttributes/sensitive``),
    /// and for the `sig` of an Azure SAS token.
    public init(source: Source) {
        var values: [String] = []
        for (key, value) in source.credentials where SecretAttributes.sensitive.contains(key) {
            values.append(value)
            if key == "sas_token" {
                for item in SASToken.items(value) where item.name == "sig" { values.append(item.value) }
            }
        }
        self.init(secrets: values)
    }

    /// `text` without secrets or control characters, white space runs made one space, at
    /// most ``limit`` characters.
    public func clean(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: Self.mask)
        }
        var flat = ""
        var lastWasSpace = true
        for scalar in out.unicodeScalars {
            let isSpace =
                scalar.properties.isWhitespace || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}"
            if isSpace {
                if !lastWasSpace { flat.append(" ") }
                lastWasSpace = true
            } else {
                flat.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        while flat.hasSuffix(" ") { flat.removeLast() }
        return flat.count > Self.limit ? String(flat.prefix(Self.limit - 1)) + "…" : flat
    }
}

/// An Azure shared access signature as a record gives it: a query string, with or without `?`.
enum SASToken {
    /// The token's parameters, decoded.
    static func items(_ token: String) -> [ProbeRequest.QueryItem] {
        var text = Substring(token.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("?") { text = text.dropFirst() }
        return text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return ProbeRequest.QueryItem(
                AWSPercentEncoding.decode(String(parts[0])),
                parts.count > 1 ? AWSPercentEncoding.decode(String(parts[1])) : "")
        }
    }
}
