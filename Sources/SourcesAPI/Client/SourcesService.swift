public import SourcesCore

/// The Sources API, one request per call: no retries and no rate limiting here
/// (the uploader composes those from ``RateGovernor`` and ``RetryPolicy``).
///
/// ``SourcesClient`` is the HTTP implementation; tests may swap in another.
public protocol SourcesService: Sendable {
    /// `GET /sources`: every source of the account, in the API's order.
    func list() async throws(APIError) -> APIResponse<[Source]>
    /// `GET /sources`, keeping of each source only what `keep` makes of it, as soon as it is
    /// decoded (nil: nothing): for a caller that needs a field or two of every source, memory
    /// follows what it keeps rather than the whole account (100,000 sources are about 100 MB
    /// decoded).
    func list<Kept: Sendable>(keeping keep: @escaping @Sendable (Source) -> Kept?) async throws(APIError)
        -> APIResponse<[Kept]>
    /// `GET /sources/:id`.
    func get(id: String) async throws(APIError) -> APIResponse<Source>
    /// `POST /sources` with `{"source": {"source", "source_type", "credential_attributes"}}`.
    func create(_ source: Source) async throws(APIError) -> APIResponse<Source>
    /// `PATCH /sources/:id`: only the given fields change (`name` nil keeps the name).
    func update(id: String, name: String?, credentials: Credentials) async throws(APIError) -> APIResponse<Source>
    /// `DELETE /sources/:id`.
    func delete(id: String) async throws(APIError) -> APIResponse<Void>
    /// The executor callers should run their request loops on (the one doing this service's
    /// I/O, so that no request costs a thread switch); nil when it does not matter.
    var preferredTaskExecutor: (any TaskExecutor)? { get }
}

extension SourcesService {
    /// No preference.
    public var preferredTaskExecutor: (any TaskExecutor)? { nil }

    /// The whole listing, then what `keep` makes of each source: for services that hold their
    /// sources in memory anyway (tests); the HTTP client keeps while the answer streams in.
    public func list<Kept: Sendable>(keeping keep: @escaping @Sendable (Source) -> Kept?) async throws(APIError)
        -> APIResponse<[Kept]>
    {
        let listed = try await list()
        return APIResponse(body: listed.body.compactMap(keep), status: listed.status, rateLimit: listed.rateLimit)
    }
}

/// A successful response: the decoded body and the rate-limit headers that came with it.
public struct APIResponse<Body: Sendable>: Sendable {
    /// The decoded body.
    public var body: Body
    /// The HTTP status (2xx).
    public var status: Int
    /// `X-RateLimit-*` headers, when the server sent them.
    public var rateLimit: RateLimitHeaders

    /// Creates a response.
    public init(body: Body, status: Int, rateLimit: RateLimitHeaders = RateLimitHeaders()) {
        self.body = body
        self.status = status
        self.rateLimit = rateLimit
    }
}

/// The rate-limit hints a response may carry.
public struct RateLimitHeaders: Sendable, Equatable {
    /// `X-RateLimit-Limit`.
    public var limit: Int?
    /// `X-RateLimit-Remaining`.
    public var remaining: Int?
    /// `X-RateLimit-Reset`, as seconds from now.
    public var resetAfter: Double?
    /// `Retry-After`, as seconds from now (from delta-seconds or an HTTP date).
    public var retryAfter: Double?

    /// Creates hints.
    public init(limit: Int? = nil, remaining: Int? = nil, resetAfter: Double? = nil, retryAfter: Double? = nil) {
        self.limit = limit
        self.remaining = remaining
        self.resetAfter = resetAfter
        self.retryAfter = retryAfter
    }
}
