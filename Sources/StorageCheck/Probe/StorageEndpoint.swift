import Foundation

/// Where a provider's API is reached: scheme, host, port and a base path, parsed from a URL
/// such as `https://s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:9000/storage`.
public struct StorageEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var scheme: String
    public var host: String
    public var port: Int?
    /// The path under which the API lives, without a trailing slash (usually empty).
    public var basePath: String

    public init(scheme: String, host: String, port: Int? = nil, basePath: String = "") {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = basePath
    }

    /// Parses an absolute http(s) URL; a bare host (`nyc3.example.com`, as Akamai records
    /// often give their `endpoint`) is read as `https://` that host. Nil when there is no host.
    public init?(url text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let withScheme = trimmed.contains("://") ? trimmed : "https://" + trimmed
        guard let components = URLComponents(string: withScheme), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.query == nil, components.user == nil
        else { return nil }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = components.port
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        self.basePath = path
    }

    /// True when the host is an IPv4 or IPv6 address: no bucket name can be put in front of
    /// it, so requests to it always address the bucket in the path.
    public var hostIsAddress: Bool {
        if host.contains(":") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in !part.isEmpty && part.allSatisfy(\.isASCII) && UInt8(part) != nil }
    }

    /// `scheme://host[:port]/basePath`.
    public var description: String {
        "\(scheme)://\(host.contains(":") ? "[\(host)]" : host)" + (port.map { ":\($0)" } ?? "") + basePath
    }
}
