/// Why the API settings could not be resolved. Every message says what to do next
/// and none contains the API key.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Neither `--api-key-file` nor `IMAGEBOSS_API_KEY` gave a key.
    case missingAPIKey
    /// The key file could not be read.
    case unreadableKeyFile(path: String, reason: String)
    /// The key file holds nothing but whitespace.
    case emptyKeyFile(path: String)
    /// The key (from `source`: the key file or the variable) is not one line of visible ASCII.
    case invalidKey(source: String, problem: String)
    /// `SSL_CERT_FILE` names a file that holds no certificate that can be read.
    case unreadableTrustFile(path: String, reason: String)
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
        case .invalidKey(let source, let problem):
            "the API key in \(source) is not usable: \(problem); a key is one line of visible ASCII characters "
                + "(no spaces), so check that it holds only the key; nothing was sent"
        case .unreadableTrustFile(let path, let reason):
            "SSL_CERT_FILE names \(path), which cannot be used (\(reason)); point it at a PEM file of CA "
                + "certificates, or unset it"
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
