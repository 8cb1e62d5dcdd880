import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import SourcesCore

/// The Sources API over HTTP: one request per call, on one shared connection pool.
///
/// No retries and no rate limiting happen here: the uploader composes
/// ``RateGovernor``, ``RetryPolicy`` and ``RetryBudget`` around these calls.
/// Every failure is an ``APIError``; no error or log line carries the API key.
public final class SourcesClient: SourcesService {
    /// The product token sent as `User-Agent`.
    public static let userAgent = "ibsources/0.1"
    /// The largest response body read (larger ones are an ``APIError/invalidResponse(status:detail:)``).
    public static let maxBodyBytes = 16 << 20

    /// Where requests go and with which key.
    public let configuration: APIConfiguration
    private let http: HTTPClient
    private let logger: Logger

    /// Creates a client with its own connection pool.
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
            connect: .nanoseconds(Self.nanoseconds(configuration.connectTimeout)),
            read: .nanoseconds(Self.nanoseconds(configuration.requestTimeout)))
        config.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, maximumConnections))
        // Fail fast on a refused connection: retrying is RetryPolicy's job, not the pool's.
        config.connectionPool.retryConnectionEstablishment = false
        config.redirectConfiguration = .disallow
        config.httpVersion = .http1Only
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    /// Closes the connection pool. Call once, after the last request.
    public func shutdown() async {
        do { try await http.shutdown() } catch { logger.debug("HTTP client shutdown: \(type(of: error))") }
    }

    public func list() async throws(APIError) -> APIResponse<[Source]> {
        let (status, json, rateLimit) = try await send(.GET, path: nil, body: nil)
        do {
            return APIResponse(body: try SourcePayload.decodeList(json ?? .null), status: status, rateLimit: rateLimit)
        } catch { throw .invalidResponse(status: status, detail: error.reason) }
    }

    public func get(id: String) async throws(APIError) -> APIResponse<Source> {
        try await sourceResponse(.GET, path: id, body: nil)
    }

    public func create(_ source: Source) async throws(APIError) -> APIResponse<Source> {
        try await sourceResponse(.POST, path: nil, body: SourcePayload.createBody(for: source))
    }

    public func update(id: String, name: String?, credentials: Credentials) async throws(APIError)
        -> APIResponse<Source>
    {
        try await sourceResponse(.PATCH, path: id, body: SourcePayload.updateBody(name: name, credentials: credentials))
    }

    public func delete(id: String) async throws(APIError) -> APIResponse<Void> {
        let (status, _, rateLimit) = try await send(.DELETE, path: id, body: nil)
        return APIResponse(body: (), status: status, rateLimit: rateLimit)
    }

    private func sourceResponse(_ method: HTTPMethod, path: String?, body: JSONValue?) async throws(APIError)
        -> APIResponse<Source>
    {
        let (status, json, rateLimit) = try await send(method, path: path, body: body)
        do {
            return APIResponse(body: try SourcePayload.decodeSource(json ?? .null), status: status, rateLimit: rateLimit)
        } catch { throw .invalidResponse(status: status, detail: error.reason) }
    }

    /// Sends one request and returns the status, the parsed JSON body (nil when empty)
    /// and the rate-limit hints of a 2xx; throws the mapped ``APIError`` otherwise.
    private func send(_ method: HTTPMethod, path: String?, body: JSONValue?) async throws(APIError)
        -> (Int, JSONValue?, RateLimitHeaders)
    {
        var url = configuration.sourcesURL.absoluteString
        if let path {
            let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
            url += "/" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "imageboss-api-key", value: configuration.apiKey.rawValue)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.serialized))
        }
        let logPath = configuration.sourcesURL.path + (path.map { "/" + $0 } ?? "")
        let started = ContinuousClock.now
        let status: Int
        let headers: HTTPHeaders
        let bytes: [UInt8]
        do {
            let response = try await http.execute(
                request, timeout: .nanoseconds(Self.nanoseconds(configuration.requestTimeout)), logger: nil)
            status = Int(response.status.code)
            headers = response.headers
            let buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
            bytes = Array(buffer.readableBytesView)
        } catch {
            let mapped = TransportErrorMapper.map(error)
            logger.debug("\(method.rawValue) \(logPath) failed: \(mapped)")
            throw mapped
        }
        let elapsed = ContinuousClock.now - started
        logger.debug("\(method.rawValue) \(logPath) -> \(status) in \(elapsed)")
        let rateLimit = RateLimitHeaders(headers: headers.map { (name: $0.name, value: $0.value) })
        return try ResponseInterpreter(apiKey: configuration.apiKey).interpret(
            status: status, contentType: headers.first(name: "content-type"), body: bytes, rateLimit: rateLimit)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
