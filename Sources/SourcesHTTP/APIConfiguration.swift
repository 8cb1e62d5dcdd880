public import Foundation
public import SourcesAPI

/// Where and how to reach the Sources API: the endpoint, the key and the
/// transport limits. Resolve it from flags and the environment with
/// ``resolve(endpoint:apiKeyFile:allowHTTP:environment:)``.
public struct APIConfiguration: Sendable, CustomStringConvertible {
    /// The public API base, used when neither `--endpoint` nor `IMAGEBOSS_API_URL` is given.
    public static let defaultEndpoint = "https://api.imageboss.me/v1"
    /// The environment variable holding the API key.
    public static let apiKeyVariable = "IMAGEBOSS_API_KEY"
    /// The environment variable that overrides the endpoint.
    public static let endpointVariable = "IMAGEBOSS_API_URL"

    /// The API base (e.g. `https://api.imageboss.me/v1`), without a trailing slash.
    public var endpoint: URL
    /// The key sent in `imageboss-api-key`.
    public var apiKey: APIKey
    /// True when plain `http://` to a non-loopback host was explicitly allowed.
    public var allowHTTP: Bool
    /// The longest a single request may take, connection included.
    public var requestTimeout: Duration
    /// The longest to wait for a TCP connection.
    public var connectTimeout: Duration
    /// The HTTP proxy requests go through (from `HTTPS_PROXY` and its kin, see ``ProxySettings``);
    /// nil for a direct connection.
    public var proxy: ProxyServer?
    /// Certificate authorities trusted besides the system's (`SSL_CERT_FILE`).
    public var extraTrust: ExtraTrustRoots?

    /// Creates a configuration without validation (see ``resolve(endpoint:apiKeyFile:allowHTTP:environment:)``).
    public init(
        endpoint: URL, apiKey: APIKey, allowHTTP: Bool = false,
        requestTimeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(10), proxy: ProxyServer? = nil
    ) {
        self.endpoint = endpoint
        self.apiKey = apiKey
        self.allowHTTP = allowHTTP
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.proxy = proxy
    }

    /// `<endpoint>/sources`.
    public var sourcesURL: URL { endpoint.appendingPathComponent("sources") }

    /// The endpoint as it may be written and printed (reports, backups, exports, messages):
    /// without a `user:password@` part, which is sent but never shown.
    public var displayEndpoint: String { EndpointText.withoutUserinfo(endpoint.absoluteString) }

    /// The endpoint and options, never the key.
    public var description: String {
        "APIConfiguration(endpoint: \(displayEndpoint), apiKey: ****, allowHTTP: \(allowHTTP), "
            + "requestTimeout: \(requestTimeout))"
    }

    /// Resolves the settings the way the CLI documents them.
    ///
    /// - endpoint: the `--endpoint` flag, else `IMAGEBOSS_API_URL`, else ``defaultEndpoint``;
    ///   a trailing slash is dropped. Plain `http://` is refused unless the host is loopback
    ///   (127.0.0.0/8, `::1`, `localhost`) or `allowHTTP` is set.
    /// - key: the file given by `--api-key-file`, else `IMAGEBOSS_API_KEY`; one trailing line
    ///   break is dropped, and the rest must be one line of visible ASCII (``APIKeyCheck``).
    /// - proxy: from `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` and their kin (``ProxySettings``).
    /// - trust: `SSL_CERT_FILE`, when set, names a PEM file of certificate authorities trusted
    ///   besides the system's (a company's private CA), as curl and OpenSSL tools read it.
    public static func resolve(
        endpoint: String?, apiKeyFile: String?, allowHTTP: Bool, environment: [String: String]
    ) throws(ConfigurationError) -> APIConfiguration {
        let rawEndpoint = nonEmpty(endpoint) ?? nonEmpty(environment[endpointVariable]) ?? defaultEndpoint
        let url = try validatedEndpoint(rawEndpoint, allowHTTP: allowHTTP)
        let key = try resolveKey(apiKeyFile: apiKeyFile, environment: environment)
        let proxy = try ProxySettings(environment: environment).proxy(for: url)
        var configuration = APIConfiguration(endpoint: url, apiKey: key, allowHTTP: allowHTTP, proxy: proxy)
        if let path = nonEmpty(environment[ExtraTrustRoots.variable]) {
            configuration.extraTrust = try ExtraTrustRoots.load(path)
        }
        return configuration
    }

    /// Parses and checks an endpoint string (see ``resolve(endpoint:apiKeyFile:allowHTTP:environment:)``).
    public static func validatedEndpoint(_ raw: String, allowHTTP: Bool) throws(ConfigurationError) -> URL {
        var text = raw.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { throw .invalidEndpoint(EndpointText.withoutUserinfo(raw)) }
        if scheme == "http" && !allowHTTP && !isLoopback(host: host) {
            throw .insecureEndpoint(EndpointText.withoutUserinfo(raw))
        }
        return url
    }

    /// True for `localhost`, `::1` and any address in 127.0.0.0/8.
    public static func isLoopback(host: String) -> Bool {
        var h = host.lowercased()
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        if h == "localhost" || h == "localhost." || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else { return false }
        return parts[0] == "127"
    }

    private static func resolveKey(
        apiKeyFile: String?, environment: [String: String]
    ) throws(ConfigurationError) -> APIKey {
        if let path = nonEmpty(apiKeyFile) {
            let bytes = try APIKeyCheck.read(path)
            return try APIKeyCheck.key(from: bytes, source: "the API key file \(path)", emptyFile: path)
        }
        if let value = environment[apiKeyVariable], !value.isEmpty {
            return try APIKeyCheck.key(from: Array(value.utf8), source: apiKeyVariable, emptyFile: nil)
        }
        throw .missingAPIKey
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
