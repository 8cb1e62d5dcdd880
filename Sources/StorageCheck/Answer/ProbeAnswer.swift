/// A provider's HTTP answer, as the port hands it back.
public struct ProbeResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [ProbeRequest.Header]
    /// The start of the body (the port reads a few kilobytes at most: error documents are short).
    public var body: [UInt8]

    public init(status: Int, headers: [ProbeRequest.Header] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header named `name` (case-insensitively).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }
}

/// No HTTP answer came back.
public struct TransportFailure: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The host name does not resolve.
        case nameResolution
        /// Nothing listens there (or a firewall refuses).
        case connectionRefused
        /// The TLS handshake failed (certificate, protocol).
        case tls
        /// No answer within the timeout.
        case timeout
        /// The connection closed before a whole answer.
        case connectionLost
        /// Anything else the HTTP client reports.
        case other
    }

    public var kind: Kind
    /// A short description, from the client (never a request's headers or URL query).
    public var detail: String

    public init(_ kind: Kind, _ detail: String = "") {
        self.kind = kind
        self.detail = detail
    }

    /// Worth one more try: a timeout or a connection lost mid-answer (reads are safe to repeat).
    public var isTransient: Bool { kind == .timeout || kind == .connectionLost }
}

/// What came back for one attempt.
public typealias ProbeAnswer = Result<ProbeResponse, TransportFailure>
