public import Foundation
public import SourcesAPI

/// Which proxy, if any, a request goes through: decided from the environment the way curl
/// decides, so that a machine already set up for curl, the AWS CLI or Terraform works as it is.
///
/// - The proxy for an `https` URL is `https_proxy`, else `HTTPS_PROXY`; for an `http` URL
///   `http_proxy`, else `HTTP_PROXY`; failing those, `all_proxy`, else `ALL_PROXY`. The lower
///   case name wins when both are set; a variable set to an empty value counts as unset, as
///   in curl (checked against curl itself in ProxySettingsCurlTests).
/// - `no_proxy`, else `NO_PROXY`, lists the hosts that bypass it (see ``NoProxyList``).
///
/// Two deliberate differences from curl, both toward reaching the right server:
/// - A loopback host (`localhost`, `*.localhost`, 127.0.0.0/8, `::1`) never uses the proxy:
///   the proxy's loopback is not ours (the local emulator would be unreachable otherwise).
/// - `HTTP_PROXY` in upper case is honoured (curl ignores it because a CGI program gets it
///   from a request header, "httpoxy"); it is ignored here too when `REQUEST_METHOD` is set,
///   which is how a CGI environment shows (Go's rule).
///
/// Pure: no lookups, no sockets; the client applies the result (``APIConfiguration/proxy``).
public struct ProxySettings: Sendable {
    /// The environment the decision reads.
    public let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The proxy for a request to `url`, or nil for a direct connection.
    ///
    /// - Throws: ``ConfigurationError/invalidProxy(variable:value:reason:)`` when the variable
    ///   that applies to `url` holds something that is not a usable proxy URL (a variable for
    ///   another scheme, or one bypassed by `NO_PROXY`, is not read).
    public func proxy(for url: URL) throws(ConfigurationError) -> ProxyServer? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else { return nil }
        if Self.isLoopback(host) { return nil }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        if let noProxy = first(["no_proxy", "NO_PROXY"]), NoProxyList(noProxy.value).matches(host: host, port: port) {
            return nil
        }
        guard let chosen = proxyVariable(for: scheme) else { return nil }
        return try ProxyServer(parsing: chosen.value, variable: chosen.name)
    }

    /// The variable that names the proxy for `scheme`, with its value (never empty).
    public func proxyVariable(for scheme: String) -> (name: String, value: String)? {
        let lower = scheme.lowercased() + "_proxy"
        var names = [lower]
        if lower != "http_proxy" || environment["REQUEST_METHOD"] == nil { names.append(lower.uppercased()) }
        return first(names) ?? first(["all_proxy", "ALL_PROXY"])
    }

    /// The first of `names` set to something other than blanks.
    private func first(_ names: [String]) -> (name: String, value: String)? {
        for name in names {
            if let value = environment[name], !value.trimmingCharacters(in: .whitespaces).isEmpty {
                return (name, value)
            }
        }
        return nil
    }

    /// True for `localhost`, `*.localhost` and loopback addresses.
    static func isLoopback(_ host: String) -> Bool {
        let h = NoProxyList.normalised(host)
        return h.hasSuffix(".localhost") || APIConfiguration.isLoopback(host: h)
    }
}
