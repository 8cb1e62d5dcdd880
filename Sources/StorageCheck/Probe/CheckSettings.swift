public import SourcesCore

/// How probes are addressed: the options `check` (and `import --check`) share.
public struct CheckSettings: Sendable {
    /// Endpoints that replace a type's default (`--storage-endpoint TYPE=URL`), for
    /// S3-compatible stores in general and for tests.
    public var endpoints: [SourceType: StorageEndpoint]
    /// Put the bucket in the path (`ENDPOINT/BUCKET`) instead of the host name.
    public var pathStyle: Bool
    /// The Cloudflare account id R2's endpoint needs (it is not a source field).
    public var r2AccountID: String?

    public init(endpoints: [SourceType: StorageEndpoint] = [:], pathStyle: Bool = false, r2AccountID: String? = nil) {
        self.endpoints = endpoints
        self.pathStyle = pathStyle
        self.r2AccountID = r2AccountID
    }

    /// Reads one `--storage-endpoint` value, `TYPE=URL`: the type by its name or an alias.
    public static func parseEndpoint(_ argument: String) -> Result<(SourceType, StorageEndpoint), EndpointError> {
        guard let equals = argument.firstIndex(of: "=") else { return .failure(.shape(argument)) }
        let name = String(argument[..<equals])
        guard let type = SourceType.resolve(name) else { return .failure(.unknownType(name)) }
        let url = String(argument[argument.index(after: equals)...])
        guard let endpoint = StorageEndpoint(url: url) else { return .failure(.badURL(url)) }
        return .success((type, endpoint))
    }

    /// Why a `--storage-endpoint` value was refused.
    public enum EndpointError: Error, Equatable, CustomStringConvertible {
        case shape(String)
        case unknownType(String)
        case badURL(String)

        public var description: String {
            switch self {
            case .shape(let text): "'\(text)' is not TYPE=URL (for example s3=http://127.0.0.1:9000)"
            case .unknownType(let name):
                "'\(name)' is not a source type; use one of "
                    + SourceType.allCases.map(\.rawValue).joined(separator: ", ")
            case .badURL(let url): "'\(url)' is not an http(s) URL with a host and no query"
            }
        }
    }
}
