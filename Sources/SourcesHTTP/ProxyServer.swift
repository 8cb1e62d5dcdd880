import SourcesAPI
import Foundation

/// An HTTP forward proxy named by an environment variable (`HTTPS_PROXY=http://user:pw@proxy:3128`).
///
/// Parsed as curl parses a proxy string: a missing scheme means `http://`, a missing port
/// means 1080 (curl's default: write the port), the user name and password are
/// percent-decoded. Only plain `http://` proxies are supported: AsyncHTTPClient cannot speak
/// TLS to the proxy itself (`https://`), and a SOCKS proxy could not take the credentials.
/// HTTPS requests still go through an `http://` proxy, end to end encrypted, inside a
/// `CONNECT` tunnel.
///
/// The credentials never appear in ``description``, in a mirror, or in an error: proxy URLs
/// are shown as ``redacted(_:)`` makes them.
public struct ProxyServer: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// The port curl assumes when the proxy string has none.
    public static let defaultPort = 1080

    /// The proxy's host name or address (an IPv6 address without brackets).
    public var host: String
    /// The proxy's port.
    public var port: Int
    /// The user name and password sent as `Proxy-Authorization: Basic`, when the URL has them.
    public var credentials: ProxyCredentials?
    /// The environment variable that named this proxy (for messages).
    public var variable: String

    public init(host: String, port: Int, credentials: ProxyCredentials? = nil, variable: String) {
        self.host = host
        self.port = port
        self.credentials = credentials
        self.variable = variable
    }

    /// Parses the value of `variable`.
    ///
    /// - Throws: ``ConfigurationError/invalidProxy(variable:value:reason:)`` (with the value
    ///   redacted) for a value that is not a usable proxy URL.
    public init(parsing value: String, variable: String) throws(ConfigurationError) {
        let text = value.trimmingCharacters(in: .whitespaces)
        func invalid(_ reason: String) -> ConfigurationError {
            .invalidProxy(variable: variable, value: Self.redacted(text), reason: reason)
        }
        let withScheme = text.contains("://") ? text : "http://" + text
        guard let components = URLComponents(string: withScheme), let scheme = components.scheme?.lowercased() else {
            throw invalid("not a URL")
        }
        switch scheme {
        case "http": break
        case "https": throw invalid("a proxy spoken to over TLS (https://) is not supported; use its http:// address")
        case "socks4", "socks4a", "socks5", "socks5h":
            throw invalid("SOCKS proxies are not supported; use an HTTP proxy")
        default: throw invalid("unknown proxy scheme '\(scheme)'")
        }
        var host = components.host ?? ""
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw invalid("no host") }
        let port = components.port ?? Self.defaultPort
        guard (1...65535).contains(port) else { throw invalid("port out of range") }
        var credentials: ProxyCredentials?
        if let user = components.user, !user.isEmpty {
            credentials = ProxyCredentials(username: user, password: components.password ?? "")
        }
        self.init(host: host, port: port, credentials: credentials, variable: variable)
    }

    /// `http://HOST:PORT` (`http://****@HOST:PORT` with credentials): never the credentials.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(credentials == nil ? "" : "****@")\(shownHost):\(port)"
    }

    /// `the proxy http://HOST:PORT of HTTPS_PROXY`: how messages name it.
    public var named: String { "the proxy \(self) of \(variable)" }

    /// Hides the credentials from `dump` and reflection-based printing.
    public var customMirror: Mirror {
        Mirror(self, children: ["host": host, "port": port, "variable": variable], displayStyle: .struct)
    }

    /// `raw` with any user name and password replaced by `****`: proxy strings are quoted in
    /// messages only through this.
    public static func redacted(_ raw: String) -> String {
        let start = raw.range(of: "://")?.upperBound ?? raw.startIndex
        let authorityEnd = raw[start...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? raw.endIndex
        guard let at = raw[start..<authorityEnd].lastIndex(of: "@") else { return raw }
        return String(raw[..<start]) + "****" + String(raw[at...])
    }
}

/// The user name and password of a proxy URL, kept out of every description.
public struct ProxyCredentials: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    public let username: String
    public let password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// Always `****`.
    public var description: String { "****" }
    /// Hides both values from `dump` and reflection-based printing.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
