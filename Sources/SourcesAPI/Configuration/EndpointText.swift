import Foundation

/// How an endpoint is written wherever it leaves the process: reports, backups, exports, messages.
///
/// An endpoint may carry `user:password@` (some gateways are reached that way); the password must
/// never reach a file or a terminal, so every writer goes through ``withoutUserinfo(_:)``. It lives
/// in the pure module because the migration's writers need it and must not depend on the HTTP client.
public enum EndpointText {
    /// `url` without its `user:password@` part (`https://u:p@host/v1` → `https://host/v1`);
    /// any other text is returned as it is.
    public static func withoutUserinfo(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let authorityEnd = url[scheme.upperBound...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
        guard let at = url[scheme.upperBound..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + String(url[url.index(after: at)...])
    }
}
