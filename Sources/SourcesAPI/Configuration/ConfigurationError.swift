/// Why the API settings could not be resolved. Every message says what to do next
/// and none contains the API key.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Neither `--api-key-file` nor `IMAGEBOSS_API_KEY` gave a key.
    case missingAPIKey
    /// The key file could not be read.
    case unreadableKeyFile(path: String, reason: String)
    /// The key file holds nothing but whitespace.
    case emptyKeyFile(path: String)
    /// The endpoint is not an absolute `http(s)://host/...` URL.
    case invalidEndpoint(String)
    /// A plain-HTTP endpoint on a host that is not loopback, without `--allow-http`.
    case insecureEndpoint(String)
    /// A proxy variable that applies to the endpoint holds something unusable (`value` is
    /// redacted: no user name or password).
    case invalidProxy(variable: String, value: String, reason: String)

    /// A one-line message that tells the user how to fix the problem.
    public var description: String {
        switch self {
        case .missingAPIKey:
            "no API key: set IMAGEBOSS_API_KEY or pass --api-key-file FILE (a file holding only the key)"
        case .unreadableKeyFile(let path, let reason):
            "cannot read the API key file \(path) (\(reason)); check the path and its permissions"
        case .emptyKeyFile(let path):
            "the API key file \(path) is empty; write the key into it or set IMAGEBOSS_API_KEY instead"
        case .invalidEndpoint(let value):
            "the API endpoint '\(value)' is not an absolute http(s) URL; pass e.g. --endpoint https://api.imageboss.me/v1"
        case .insecureEndpoint(let value):
            "refusing to send the API key over plain HTTP to '\(value)'; use https://, or pass --allow-http if this is intended"
        case .invalidProxy(let variable, let value, let reason):
            "\(variable)='\(value)' cannot be used as a proxy (\(reason)); set it to http://[USER:PASSWORD@]HOST:PORT, "
                + "or unset it, or add the API's host to NO_PROXY"
        }
    }
}
