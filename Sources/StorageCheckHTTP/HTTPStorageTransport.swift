import AsyncHTTPClient
import NIOCore
import NIOHTTP1
public import StorageCheck

/// The storage check's port on AsyncHTTPClient: one connection pool for every provider,
/// redirects not followed (S3 says "wrong region" with one), at most `perHost` connections
/// to one host, a deadline per request, and at most ``maxBodyBytes`` of a body read.
///
/// It logs nothing: requests carry signatures and SAS tokens.
public final class HTTPStorageTransport: StorageTransport {
    /// The product token sent as `User-Agent`.
    public static let userAgent = "ibsources-check/0.1"
    /// The most of a body read: error documents are a few hundred bytes.
    public static let maxBodyBytes = 16 * 1024

    private let http: HTTPClient

    /// - Parameters:
    ///   - perHost: connections kept per host (the checker keeps as many requests in flight).
    ///   - timeout: the longest a connection may take to open, or a read may wait.
    public init(perHost: Int = 6, timeout: Duration = .seconds(10)) {
        var config = HTTPClient.Configuration()
        let amount = TimeAmount.nanoseconds(Self.nanoseconds(timeout))
        config.timeout = .init(connect: amount, read: amount)
        config.connectionPool = .init(
            idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, perHost))
        // A refused connection is an answer ("unreachable"): the checker decides about retries.
        config.connectionPool.retryConnectionEstablishment = false
        config.redirectConfiguration = .disallow
        config.httpVersion = .http1Only
        config.decompression = .disabled
        config.tracing.tracer = nil
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    /// Closes the connection pool. Call once, after the last request.
    public func shutdown() async {
        try? await http.shutdown()
    }

    public func send(_ request: ProbeRequest, timeout: Duration) async -> ProbeAnswer {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        outgoing.headers.add(name: "User-Agent", value: Self.userAgent)
        if !request.body.isEmpty { outgoing.body = .bytes(request.body) }
        let deadline = NIODeadline.now() + .nanoseconds(Self.nanoseconds(timeout))
        do {
            let response = try await http.execute(outgoing, deadline: deadline)
            var body: [UInt8] = []
            // The deadline covers the head; the configured read timeout covers each body read.
            for try await chunk in response.body {
                body += chunk.readableBytesView.prefix(Self.maxBodyBytes - body.count)
                if body.count >= Self.maxBodyBytes { break }
            }
            return .success(
                ProbeResponse(
                    status: Int(response.status.code),
                    headers: response.headers.map { ProbeRequest.Header($0.name, $0.value) }, body: body))
        } catch {
            return .failure(TransportFailureMapper.map(error))
        }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
