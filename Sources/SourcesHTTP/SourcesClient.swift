import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
public import SourcesAPI
public import SourcesCore

/// The Sources API over HTTP: one request per call, on one shared connection pool.
///
/// No retries and no rate limiting happen here: the uploader composes
/// ``RateGovernor``, ``RetryPolicy`` and ``CircuitBreaker`` around these calls.
/// Every failure is an ``APIError``; no error or log line carries the API key.
public final class SourcesClient: SourcesService {
    /// The product token sent as `User-Agent`.
    public static let userAgent = "ibsources/0.1"
    /// The largest response body read (larger ones are an ``APIError/invalidResponse(status:detail:)``);
    /// for the list, the largest single source in it (the list itself is decoded as it streams in).
    public static let maxBodyBytes = 16 << 20
    /// The most sources one listing may hold: a guard against a server that never ends its
    /// list, far above any real account (100,000 sources take about 100 MB here).
    public static let maxListedSources = 10_000_000
    /// How much longer than ``APIConfiguration/requestTimeout`` the whole list may take to
    /// arrive: its size grows with the account (a stall is still caught by the read timeout).
    static let listDeadlineFactor = 20

    /// Where requests go and with which key.
    public let configuration: APIConfiguration
    private let http: HTTPClient
    private let sourcesURL: String
    private let baseHeaders: HTTPHeaders
    private let listRequest: HTTPClient.Request?
    private let createRequest: HTTPClient.Request?
    private let group: MultiThreadedEventLoopGroup
    private let executor: EventLoopTaskExecutor
    private let logger: Logger

    /// Creates a client with its own connection pool, served by one event-loop thread of its own.
    ///
    /// One thread is enough for any concurrency the uploader uses, and callers that run their
    /// request loops on ``preferredTaskExecutor`` then never switch threads per request.
    ///
    /// - Parameters:
    ///   - maximumConnections: HTTP/1 connections kept per host; size it to the uploader's concurrency.
    ///   - logger: receives one debug line per request (method, path, status, time); never the key.
    public init(
        configuration: APIConfiguration, maximumConnections: Int = 8,
        logger: Logger = Logger(label: "ibsources.api")
    ) {
        self.configuration = configuration
        self.logger = logger
        var config = HTTPClient.Configuration()
        config.timeout = .init(
            connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.requestTimeout))
        config.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, maximumConnections))
        // Fail fast on a refused connection: retrying is RetryPolicy's job, not the pool's.
        config.connectionPool.retryConnectionEstablishment = false
        config.redirectConfiguration = .disallow
        if let extraTrust = configuration.extraTrust { config.tlsConfiguration = extraTrust.tlsConfiguration }
        config.httpVersion = .http1Only
        // No distributed tracing: with the default no-op tracer AsyncHTTPClient still builds
        // each request's span attributes (a few percent of the client's CPU per request).
        config.tracing.tracer = nil
        // A POST's head and body leave in one segment (see FlushCoalescingHandler).
        config.http1_1ConnectionDebugInitializer = { channel in FlushCoalescingHandler.install(on: channel) }
        // Through the proxy of HTTPS_PROXY and its kin, when one applies: AsyncHTTPClient opens a
        // CONNECT tunnel to the endpoint (for http:// too) and TLS runs inside it, end to end.
        if let proxy = configuration.proxy {
            config.proxy = .server(
                host: proxy.host, port: proxy.port,
                authorization: proxy.credentials.map { .basic(username: $0.username, password: $0.password) })
        }
        let sourcesURL = configuration.sourcesURL.absoluteString
        var headers = HTTPHeaders()
        headers.add(name: "imageboss-api-key", value: configuration.apiKey.rawValue)
        headers.add(name: "Accept", value: "application/json")
        headers.add(name: "User-Agent", value: Self.userAgent)
        self.sourcesURL = sourcesURL
        self.baseHeaders = headers
        // Built once: parsing the URL was a measurable share of each request's cost.
        self.listRequest = try? HTTPClient.Request(url: sourcesURL, method: .GET, headers: headers)
        self.createRequest = try? HTTPClient.Request(url: sourcesURL, method: .POST, headers: headers)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.group = group
        self.executor = EventLoopTaskExecutor(eventLoop: group.next())
        self.http = HTTPClient(eventLoopGroupProvider: .shared(group), configuration: config)
    }

    /// The executor on the client's event loop: run request loops there.
    public var preferredTaskExecutor: (any TaskExecutor)? { executor }

    /// Closes the connection pool and stops its thread. Call once, after the last request,
    /// from a task that does not run on ``preferredTaskExecutor``.
    public func shutdown() async {
        do { try await http.shutdown() } catch { logger.debug("HTTP client shutdown: \(type(of: error))") }
        do { try await group.shutdownGracefully() } catch {
            logger.debug("event loop shutdown: \(type(of: error))")
        }
    }

    /// The whole account. The array is decoded as it streams in (see ``ListingDecoder``), so
    /// memory follows the number of sources, not the size of the answer.
    public func list() async throws(APIError) -> APIResponse<[Source]> {
        let listing = ListingDecoder(maxElementBytes: Self.maxBodyBytes, maxSources: Self.maxListedSources)
        return try await list(listing, keeping: { $0 }) { listing.sources }
    }

    /// The whole account, keeping of each source only what `keep` makes of it as the answer
    /// streams in: the account itself is never held.
    public func list<Kept: Sendable>(keeping keep: @escaping @Sendable (Source) -> Kept?) async throws(APIError)
        -> APIResponse<[Kept]>
    {
        let kept = Locked<[Kept]>([])
        let listing = ListingDecoder(maxElementBytes: Self.maxBodyBytes, maxSources: Self.maxListedSources) { source in
            if let value = keep(source) { kept.withLock { $0.append(value) } }
        }
        return try await list(listing, keeping: keep) { kept.withLock { $0 } }
    }

    /// Sends the list request with `listing` decoding the answer; `collected` is what it kept.
    /// A body that is not an array (the API's error shapes) is decoded whole and kept by `keep`.
    private func list<Kept: Sendable>(
        _ listing: ListingDecoder, keeping keep: (Source) -> Kept?, collected: () -> [Kept]
    ) async throws(APIError) -> APIResponse<[Kept]> {
        let (status, json, rateLimit) = try await send(
            .GET, path: nil, body: nil, sending: Credentials(), listing: listing)
        if listing.shape == .array {
            return APIResponse(body: collected(), status: status, rateLimit: rateLimit)
        }
        do {
            let sources = try SourcePayload.decodeList(json ?? .null).compactMap(keep)
            return APIResponse(body: sources, status: status, rateLimit: rateLimit)
        } catch { throw .invalidResponse(status: status, detail: error.reason) }
    }

    public func get(id: String) async throws(APIError) -> APIResponse<Source> {
        try await sourceResponse(.GET, path: id, body: nil, sending: Credentials())
    }

    public func create(_ source: Source) async throws(APIError) -> APIResponse<Source> {
        try await sourceResponse(
            .POST, path: nil, body: SourcePayload.createBody(for: source), sending: source.credentials)
    }

    public func update(id: String, name: String?, credentials: Credentials) async throws(APIError)
        -> APIResponse<Source>
    {
        try await sourceResponse(
            .PATCH, path: id, body: SourcePayload.updateBody(name: name, credentials: credentials), sending: credentials
        )
    }

    public func delete(id: String) async throws(APIError) -> APIResponse<Void> {
        let (status, _, rateLimit) = try await send(.DELETE, path: id, body: nil, sending: Credentials())
        return APIResponse(body: (), status: status, rateLimit: rateLimit)
    }

    private func sourceResponse(_ method: HTTPMethod, path: String?, body: JSONValue?, sending: Credentials)
        async throws(APIError) -> APIResponse<Source>
    {
        let (status, json, rateLimit) = try await send(method, path: path, body: body, sending: sending)
        do {
            return APIResponse(
                body: try SourcePayload.decodeSource(json ?? .null), status: status, rateLimit: rateLimit)
        } catch { throw .invalidResponse(status: status, detail: error.reason) }
    }

    /// Sends one request and returns the status, the parsed JSON body (nil when empty)
    /// and the rate-limit hints of a 2xx; throws the mapped ``APIError`` otherwise, with the
    /// secrets of `sending` (the credentials in the body) and the key redacted from every text
    /// the server or the transport gave (``SecretRedactor``). With `listing`, a 2xx array body
    /// goes to it instead (and the body returned is nil).
    ///
    /// Uses AsyncHTTPClient's delegate API and awaits its future: no Swift task is started
    /// per request, and a caller on ``preferredTaskExecutor`` resumes on the I/O thread.
    private func send(
        _ method: HTTPMethod, path: String?, body: JSONValue?, sending: Credentials, listing: ListingDecoder? = nil
    ) async throws(APIError) -> (Int, JSONValue?, RateLimitHeaders) {
        let redactor = SecretRedactor(apiKey: configuration.apiKey, credentials: sending)
        do {
            return try await exchange(method, path: path, body: body, listing: listing, redactor: redactor)
        } catch {
            let redacted = redactor.redact(error)
            logger.debug("\(method.rawValue) \(self.logPath(path)) failed: \(redacted)")
            throw redacted
        }
    }

    /// ``send(_:path:body:sending:listing:)`` before redaction (`redactor` scrubs what the
    /// interpreter quotes before it cuts the quote short, so no prefix of a secret survives).
    private func exchange(
        _ method: HTTPMethod, path: String?, body: JSONValue?, listing: ListingDecoder?, redactor: SecretRedactor
    ) async throws(APIError) -> (Int, JSONValue?, RateLimitHeaders) {
        let started = ContinuousClock.now
        let response: CollectedResponse
        do {
            var request = try self.request(method, path: path)
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .byteBuffer(ByteBuffer(string: body.serialized))
            }
            let timeout = configuration.requestTimeout * (listing == nil ? 1 : Self.listDeadlineFactor)
            let deadline = NIODeadline.now() + TimeAmount(timeout)
            let collector = ResponseCollector(limit: Self.maxBodyBytes, listing: listing)
            let task = http.execute(
                request: request, delegate: collector, eventLoop: .indifferent,
                deadline: deadline, logger: nil)
            response = try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
        } catch {
            let mapped = TransportErrorMapper.map(
                error, host: configuration.endpoint.host ?? "the API host",
                port: configuration.endpoint.port ?? (configuration.endpoint.scheme == "https" ? 443 : 80),
                proxy: configuration.proxy)
            logger.debug("\(method.rawValue) \(self.logPath(path)) failed: \(mapped)")
            throw mapped
        }
        logger.debug(
            "\(method.rawValue) \(self.logPath(path)) -> \(response.status) in \(ContinuousClock.now - started)")
        let rateLimit = RateLimitHeaders(headers: response.headers.lazy.map { (name: $0.name, value: $0.value) })
        return try ResponseInterpreter(redactor: redactor).interpret(
            status: response.status, contentType: response.headers.first(name: "content-type"),
            body: Array(response.body.readableBytesView), rateLimit: rateLimit)
    }

    /// The request for `method` on the sources URL, or on `<sources URL>/<path>`, with the
    /// key and the standard headers; the two requests on the sources URL itself (list,
    /// create) are copied from ones built once.
    private func request(_ method: HTTPMethod, path: String?) throws -> HTTPClient.Request {
        if path == nil {
            if method == .POST, let createRequest { return createRequest }
            if method == .GET, let listRequest { return listRequest }
        }
        var url = sourcesURL
        if let path { url += "/" + (path.addingPercentEncoding(withAllowedCharacters: Self.pathAllowed) ?? path) }
        return try HTTPClient.Request(url: url, method: method, headers: baseHeaders)
    }

    private func logPath(_ path: String?) -> String {
        configuration.sourcesURL.path + (path.map { "/" + $0 } ?? "")
    }

    /// Characters left as they are in a path segment (an id).
    private static let pathAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
}
