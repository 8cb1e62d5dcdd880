import Foundation
import TestSupport
import Testing

import SourcesCore
@testable import SourcesAPI
@testable import SourcesHTTP

/// The real SourcesClient against a raw socket server: what it sends, and how it
/// reads answers the emulator never gives (proxy HTML, truncated JSON, silence).
@Suite("SourcesClient on a raw socket")
struct SourcesClientSocketTests {
    static let key = "raw-socket-test-key-5f3a"

    private func client(_ server: RawHTTPServer, timeout: Duration = .seconds(10)) throws -> SourcesClient {
        var config = try APIConfiguration.resolve(
            endpoint: server.baseURL, apiKeyFile: nil, allowHTTP: false,
            environment: ["IMAGEBOSS_API_KEY": Self.key])
        config.requestTimeout = timeout
        return SourcesClient(configuration: config, maximumConnections: 2)
    }

    private func expectNoKey(_ error: APIError) {
        #expect(!"\(error)".contains(Self.key))
        #expect(!String(reflecting: error).contains(Self.key))
    }

    @Test func sendsTheDocumentedRequestAndNeverThePlaceholder() async throws {
        let created =
            #"{"id":"abc","source":"s","source_type":"gcs","credentials":{"secret":"****","bucket":"b","access_key":"k"},"created_at":"t1","updated_at":"t2"}"#
        let server = try RawHTTPServer { _ in
            .respond(
                RawHTTPServer.response(
                    status: 201, reason: "Created", headers: ["X-RateLimit-Remaining": "9"], body: created))
        }
        defer { server.stop() }
        let client = try client(server)
        let source = Source(name: "s", type: "gcs", credentials: ["access_key": "k", "secret": "****", "bucket": "b"])
        // Shut down on every path: a client left to deinit unshut stops the whole test process.
        let response = try await scoped(client, shutdown: { await $0.shutdown() }) { try await $0.create(source) }

        #expect(response.status == 201)
        #expect(response.rateLimit.remaining == 9)
        #expect(response.body.id == "abc")
        #expect(response.body.credentials.keys == ["secret", "bucket", "access_key"])
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/v1/sources")
        #expect(request.header("imageboss-api-key") == Self.key)
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Accept") == "application/json")
        #expect(request.header("User-Agent") == "ibsources/0.1")
        #expect(
            request.body
                == #"{"source":{"source":"s","source_type":"gcs","credential_attributes":{"access_key":"k","bucket":"b"}}}"#
        )
    }

    @Test func htmlFromAProxyIsAnInvalidResponse() async throws {
        let page =
            "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
            + String(repeating: "<!-- padding -->", count: 40) + "</body></html>"
        let server = try RawHTTPServer { _ in
            .respond(RawHTTPServer.response(status: 502, reason: "Bad Gateway", body: page, contentType: "text/html"))
        }
        defer { server.stop() }
        let client = try client(server)
        await #expect {
            _ = try await client.list()
        } throws: { error in
            guard let error = error as? APIError, case .invalidResponse(502, let detail) = error else { return false }
            #expect(detail.contains("502 Bad Gateway"))
            #expect(detail.contains("text/html"))
            #expect(detail.count <= 200)
            #expect(error.isRetryable && error.outcomeUnknown)
            self.expectNoKey(error)
            return true
        }
        await client.shutdown()
    }

    @Test func truncatedJSONIsAnInvalidResponseThatQuotesNothing() async throws {
        let body = #"{"id":"abc","source":"s","source_type":"s3","credentials":{"secret_token":"tok-SECRET-1"#
        let server = try RawHTTPServer { _ in .respond(RawHTTPServer.response(status: 200, reason: "OK", body: body)) }
        defer { server.stop() }
        let client = try client(server)
        do {
            _ = try await client.get(id: "abc")
            Issue.record("expected invalidResponse")
        } catch {
            guard case .invalidResponse(200, let detail) = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(!detail.contains("tok-SECRET-1"))
            #expect(detail.contains("malformed JSON"))
        }
        await client.shutdown()
    }

    @Test func rateLimitHeadersAreParsedOnErrors() async throws {
        let retryAt = HTTPDate.format(Date().addingTimeInterval(300))
        let server = try RawHTTPServer { _ in
            .respond(
                RawHTTPServer.response(
                    status: 429, reason: "Too Many Requests",
                    headers: [
                        "Retry-After": retryAt, "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset": "\(Int(Date().timeIntervalSince1970) + 300)",
                    ],
                    body: #"{"errors":["Rate limit exceeded"]}"#))
        }
        defer { server.stop() }
        let client = try client(server)
        do {
            _ = try await client.delete(id: "x")
            Issue.record("expected 429")
        } catch {
            guard case .http(429, let messages, let rateLimit) = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(messages == ["Rate limit exceeded"])
            #expect(rateLimit.limit == 60 && rateLimit.remaining == 0)
            let retryAfter = try #require(rateLimit.retryAfter)
            #expect(retryAfter > 240 && retryAfter <= 300)
            let reset = try #require(rateLimit.resetAfter)
            #expect(reset > 240 && reset <= 301)
        }
        #expect(server.requests.first?.method == "DELETE")
        #expect(server.requests.first?.path == "/v1/sources/x")
        await client.shutdown()
    }

    @Test func connectionClosedBeforeAnAnswerIsDropped() async throws {
        let server = try RawHTTPServer { _ in .close }
        defer { server.stop() }
        let client = try client(server)
        do {
            _ = try await client.list()
            Issue.record("expected connectionDropped")
        } catch {
            guard case .connectionDropped = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(error.isRetryable && error.outcomeUnknown)
            expectNoKey(error)
        }
        await client.shutdown()
    }

    @Test func silenceBeyondTheTimeoutIsATimeout() async throws {
        let server = try RawHTTPServer { _ in .hang(seconds: 10) }
        defer { server.stop() }
        let client = try client(server, timeout: .milliseconds(300))
        let start = ContinuousClock.now
        await #expect(throws: APIError.timeout) { _ = try await client.list() }
        // Well before the server would have closed the connection (10 s).
        #expect(ContinuousClock.now - start < .seconds(6))
        await client.shutdown()
    }

    @Test func refusedConnectionIsRefusedAndFast() async throws {
        // Bind a port, then close it: nothing listens there any more.
        let server = try RawHTTPServer { _ in .close }
        server.stop()
        let client = try client(server)
        let start = ContinuousClock.now
        do {
            _ = try await client.list()
            Issue.record("expected connectionRefused")
        } catch {
            guard case .connectionRefused = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(error.isRetryable && !error.outcomeUnknown)
            expectNoKey(error)
        }
        // Without retryConnectionEstablishment = false the pool would retry until the
        // 10 s connect timeout.
        #expect(ContinuousClock.now - start < .seconds(6))
        await client.shutdown()
    }
}
