import Crypto
import Foundation

/// Signs image URLs the way ImageBoss checks them: `bossToken` is the lowercase hex
/// HMAC-SHA256, keyed with the source's `secret_token`, of the URL's path from its
/// leading slash, query included (imageboss-rb ≥ 2.1.1, go-imageboss).
public enum URLSigner {
    /// The image host signed URLs are served from.
    public static let imageHost = "https://img.imageboss.me"
    /// The query parameter that carries the signature.
    public static let parameter = "bossToken"

    /// `path` as it is signed: a full `https://img.imageboss.me/…` URL loses its host, and a
    /// leading slash is added when missing.
    public static func signingPath(_ path: String) -> String {
        var text = path.trimmingCharacters(in: .whitespaces)
        if text.lowercased().hasPrefix(imageHost) { text.removeFirst(imageHost.count) }
        return text.hasPrefix("/") ? text : "/" + text
    }

    /// The lowercase hex HMAC-SHA256 of `path` (already a signing path) keyed with `secretToken`.
    public static func token(for path: String, secretToken: String) -> String {
        let key = SymmetricKey(data: Data(secretToken.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(path.utf8), using: key)
        return mac.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The full signed URL: `https://img.imageboss.me<PATH>` with `bossToken` appended as a
    /// query parameter (after `&` when the path already has a query).
    public static func signedURL(for path: String, secretToken: String) -> String {
        let signing = signingPath(path)
        let separator = signing.contains("?") ? "&" : "?"
        return imageHost + signing + separator + parameter + "=" + token(for: signing, secretToken: secretToken)
    }

    /// The source name a path starts with (its first segment), if any.
    public static func sourceName(of path: String) -> String? {
        let signing = signingPath(path)
        let first = signing.dropFirst().split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first
        let name = first.map { String($0.split(separator: "?", maxSplits: 1).first ?? "") } ?? ""
        return name.isEmpty ? nil : name
    }
}
