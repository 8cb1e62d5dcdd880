import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Thrown after a connection was closed on purpose, so nothing is written back.
struct ConnectionDroppedOnPurpose: Error {}

/// The emulator's request pipeline, around every API route:
/// count → injected drop or 503 → API key (401) → rate limit (429) → route →
/// commit failure → latency → count the status (a 413 also closes the connection).
///
/// `/_emulator/*` bypasses all of it (no auth, no faults, not counted).
struct EmulatorMiddleware: RouterMiddleware {
    typealias Context = EmulatorContext

    static let apiKeyHeader = HTTPField.Name("imageboss-api-key")
    static let rateLimitHeaders = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"].map {
        HTTPField.Name($0)
    }

    let state: EmulatorState
    static let logger = emulatorLogger()

    func handle(
        _ request: Request, context: EmulatorContext,
        next: (Request, EmulatorContext) async throws -> Response
    ) async throws -> Response {
        if request.uri.path.hasPrefix("/_emulator") { return try await next(request, context) }
        state.stats.received(method: request.method.rawValue)
        let plan = state.faults.nextPlan()

        if plan.drop {
            state.stats.injected(\.dropped)
            try await delay(plan)
            try? await context.channel.close().get()
            throw ConnectionDroppedOnPurpose()
        }
        var response: Response
        if plan.serviceUnavailable {
            state.stats.injected(\.serviceUnavailable)
            response = Reply.serviceUnavailable
        } else {
            response = await authorizedResponse(request, context: context, next: next)
            if plan.commitFail, Self.isWrite(request.method), (200..<300).contains(response.status.code) {
                state.stats.injected(\.commitFailed)
                var failed = Reply.serviceUnavailable
                for field in response.headers where field.name.canonicalName.hasPrefix("x-ratelimit") {
                    failed.headers.append(field)
                }
                response = failed
            }
        }
        try await delay(plan)
        state.stats.answered(status: response.status.code)
        if response.status == .contentTooLarge {
            // The rest of the body was never read: end the connection after this answer
            // (CloseAfterResponseHandler) instead of waiting for a next request behind it.
            response.headers[.connection] = "close"
        }
        return response
    }

    private static func isWrite(_ method: HTTPRequest.Method) -> Bool {
        method == .post || method == .patch || method == .delete || method == .put
    }

    private func delay(_ plan: FaultPlan) async throws {
        guard plan.delayMilliseconds > 0 else { return }
        state.stats.injected(\.delayed)
        try await Task.sleep(for: .milliseconds(plan.delayMilliseconds))
    }

    /// Checks the key and the rate limit, then runs the route; errors become JSON.
    private func authorizedResponse(
        _ request: Request, context: EmulatorContext,
        next: (Request, EmulatorContext) async throws -> Response
    ) async -> Response {
        guard let header = Self.apiKeyHeader, let key = request.headers[header], !key.isEmpty else {
            return Reply.errors(.unauthorized, ["Missing API key: send it in the imageboss-api-key header"])
        }
        guard let account = state.account(forKey: key) else {
            return Reply.errors(.unauthorized, ["Invalid API key"])
        }
        var rateHeaders: HTTPFields = [:]
        if let limiter = state.rateLimiter {
            let decision = limiter.take(account: account)
            let style = state.configuration.limiter
            if style.headers == .full {
                let values = [decision.limit, decision.remaining, decision.resetSeconds]
                for (name, value) in zip(Self.rateLimitHeaders, values) {
                    if let name { rateHeaders[name] = String(value) }
                }
            }
            if !decision.allowed { return Reply.throttled(decision, style: style, headers: rateHeaders) }
        }
        var context = context
        context.account = account
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = Reply.errors(for: error.status)
        } catch {
            Self.logger.error("request failed: \(error)")
            response = Reply.errors(.internalServerError, ["Internal server error"])
        }
        response.headers.append(contentsOf: rateHeaders)
        return response
    }
}
