import Foundation
import Testing

import SourcesCore
@testable import SourcesAPI
@testable import SourcesHTTP

/// A 429 or a 503 is what its status says, whatever its body: the least helpful limiters
/// answer with text (Rack::Attack's `Retry later`), an HTML page (nginx's `limit_req`) or
/// nothing at all, and the governor must still see a refusal, with its `Retry-After`.
@Suite("A refusal whose body is not the API's JSON")
struct ThrottleAnswerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var status: Int
        var reason: String
        var contentType: String
        var body: String
        var retryAfter: String?
        var testDescription: String { "\(status) \(contentType) \(body.prefix(20))" }
    }

    @Test(arguments: [
        Case(status: 429, reason: "Too Many Requests", contentType: "text/plain", body: "Retry later\n"),
        Case(
            status: 429, reason: "Too Many Requests", contentType: "text/html",
            body: "<html><head><title>429 Too Many Requests</title></head><body>nginx</body></html>"),
        Case(status: 429, reason: "Too Many Requests", contentType: "text/plain", body: ""),
        Case(
            status: 503, reason: "Service Temporarily Unavailable", contentType: "text/html",
            body: "<html><head><title>503 Service Temporarily Unavailable</title></head><body>nginx</body></html>"),
        Case(
            status: 503, reason: "Service Unavailable", contentType: "text/plain", body: "down for maintenance",
            retryAfter: "120"),
        Case(status: 503, reason: "Service Unavailable", contentType: "text/plain", body: ""),
    ])
    func isStillThatStatusWithItsHints(_ c: Case) async throws {
        let server = try RawHTTPServer { _ in
            .respond(
                RawHTTPServer.response(
                    status: c.status, reason: c.reason, headers: c.retryAfter.map { ["Retry-After": $0] } ?? [:],
                    body: c.body, contentType: c.contentType))
        }
        defer { server.stop() }
        let config = try APIConfiguration.resolve(
            endpoint: server.baseURL, apiKeyFile: nil, allowHTTP: false, environment: ["IMAGEBOSS_API_KEY": "k-1"])
        let client = SourcesClient(configuration: config, maximumConnections: 1)
        do {
            _ = try await client.create(Source(name: "s", type: "url", credentials: ["url": "https://x.example"]))
            Issue.record("expected HTTP \(c.status)")
        } catch {
            guard case .http(let status, let messages, let hints) = error else {
                Issue.record("got \(error)")
                await client.shutdown()
                return
            }
            #expect(status == c.status)
            #expect(messages.isEmpty)
            #expect(hints.retryAfter == c.retryAfter.flatMap(Double.init))
            #expect(error.isRetryable)
            if c.status == 429 { #expect(RateOutcome(error: error) == .rateLimited(hints)) }
        }
        await client.shutdown()
    }
}
