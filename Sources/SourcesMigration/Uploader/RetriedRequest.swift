import SourcesAPI

/// One logical request as ``RequestRunner/run(_:)``, the uploader's one retry loop, drives
/// it: what is sent, and what each outcome means to whoever asked for it.
///
/// The loop owns what every request goes through alike: the circuit breaker and the rate
/// governor before each send (``RequestRunner/admit()``), telling them the outcome after
/// (``RequestRunner/settled(_:)``), aborting the run when the key is refused, the retry
/// gate's decision, the backoff, the stop. A request says only what its own outcomes mean:
/// a listing (``ListingRequest``) is retried as the gate says; a record's write
/// (``RecordAttempt``) also journals a create's intent, settles a lost or refused create by
/// looking its name up, and turns a 404 into what it means for an update or a delete.
protocol RetriedRequest {
    /// What the request ends in: a record's result, a listing or its failure.
    associatedtype Output

    /// Just before attempt `attempt` (1 for the first) is sent: an output ends the request
    /// there instead (nil: send it).
    mutating func willSend(attempt: Int) -> Output?

    /// Sends once: the output a success ends in, and the answer's rate-limit headers.
    mutating func send() async throws(APIError) -> (output: Output, rateLimit: RateLimitHeaders)

    /// After a failed attempt, once the governor and the breaker were told (and the run
    /// aborted if the key was refused): an output ends the request; nil lets the gate decide.
    mutating func attemptFailed(_ error: APIError) async -> Output?

    /// The gate lets the request go again after `error` (throttled, or a fault backed off):
    /// an output ends it instead (nil: send again).
    mutating func mayResend(after error: APIError) async -> Output?

    /// The gate gave up after `error`: what the request ends in.
    mutating func gaveUp(after error: APIError) async -> Output

    /// The run stopped before the next attempt could go; `error` is the last failure, if any.
    func stopped(after error: APIError?) -> Output
}

/// A request with nothing of its own to settle: the account listing, retried as the gate
/// says; it ends in the answer or in the ``RequestFailure`` that stopped it.
struct ListingRequest<Body: Sendable>: RetriedRequest {
    let operation: @Sendable () async throws(APIError) -> APIResponse<Body>
    private var attempts = 0

    init(_ operation: @escaping @Sendable () async throws(APIError) -> APIResponse<Body>) {
        self.operation = operation
    }

    mutating func willSend(attempt: Int) -> Result<APIResponse<Body>, RequestFailure>? {
        attempts = attempt
        return nil
    }

    func send() async throws(APIError) -> (
        output: Result<APIResponse<Body>, RequestFailure>, rateLimit: RateLimitHeaders
    ) {
        let response = try await operation()
        return (.success(response), response.rateLimit)
    }

    func attemptFailed(_ error: APIError) async -> Result<APIResponse<Body>, RequestFailure>? {
        if case .unauthorized = error { return .failure(.api(error, attempts: attempts)) }
        return nil
    }

    func mayResend(after error: APIError) async -> Result<APIResponse<Body>, RequestFailure>? { nil }

    func gaveUp(after error: APIError) async -> Result<APIResponse<Body>, RequestFailure> {
        .failure(.api(error, attempts: attempts))
    }

    func stopped(after error: APIError?) -> Result<APIResponse<Body>, RequestFailure> { .failure(.stopped) }
}
