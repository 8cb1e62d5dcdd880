/// One HTTP request to a storage provider, as the port sends it: no networking types, so
/// the builder, the signer and the classifier stay pure and testable without a socket.
public struct ProbeRequest: Sendable, Equatable {
    /// A request header.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A query parameter, decoded (the request encodes it when it builds its URL).
    public struct QueryItem: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `GET` or `HEAD` for every probe (the signer's tests also sign `POST`s).
    public var method: String
    /// `https`, or `http` for a local endpoint given with `--storage-endpoint`.
    public var scheme: String
    /// The host name or address, without the port.
    public var host: String
    /// The port, when the URL names one.
    public var port: Int?
    /// The path as it is sent: already percent-encoded (see ``AWSPercentEncoding``).
    public var path: String
    /// The query parameters, in the order they are sent.
    public var query: [QueryItem]
    /// Headers besides `Host` (which comes from ``authority``) and `User-Agent`.
    public var headers: [Header]
    /// The body (empty for every probe).
    public var body: [UInt8]

    public init(
        method: String, scheme: String = "https", host: String, port: Int? = nil, path: String = "/",
        query: [QueryItem] = [], headers: [Header] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// `host[:port]`, as the `Host` header carries it: the port only when it is not the
    /// scheme's default (what HTTP clients send, and so what must be signed).
    public var authority: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        guard let port, port != (scheme == "https" ? 443 : 80) else { return bracketed }
        return "\(bracketed):\(port)"
    }

    /// The query as sent: `name=value` pairs, each side percent-encoded, joined by `&`.
    public var encodedQuery: String {
        query.map { AWSPercentEncoding.encode($0.name) + "=" + AWSPercentEncoding.encode($0.value) }
            .joined(separator: "&")
    }

    /// The full URL.
    public var url: String {
        let query = encodedQuery
        return "\(scheme)://\(authority)\(path)" + (query.isEmpty ? "" : "?" + query)
    }

    /// The value of the first header named `name` (case-insensitively).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }
}
