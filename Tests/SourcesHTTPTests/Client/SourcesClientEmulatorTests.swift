import Foundation
import Logging
import Testing

import SourcesCore
import SourcesEmulator
import TestSupport
@testable import SourcesAPI
@testable import SourcesHTTP

/// The real SourcesClient against the emulator on a real socket (port 0).
@Suite("SourcesClient against the emulator")
struct SourcesClientEmulatorTests {
    static let key = "k1-emulator-key-9c2e"

    /// Starts an emulator configured by `configure`, runs `body` with a client, stops both.
    private func withEmulator(
        timeout: Duration = .seconds(10), key: String = key, logger: Logger? = nil,
        _ configure: (inout EmulatorConfiguration) -> Void = { _ in },
        _ body: (RunningEmulator, SourcesClient) async throws -> Void
    ) async throws {
        try await EmulatorHarness.with(
            keys: ["\(Self.key):acct1"], clientKey: key, requestTimeout: timeout,
            logger: logger ?? Logger(label: "test"),
            configure
        ) { harness in
            try await body(harness.emulator, harness.client)
        }
    }

    private let s3 = Source(
        name: "my-images", type: "s3",
        credentials: [
            "access_key_id": "AKIAEXAMPLE", "secret_access_key": "wJalrXUtnFEMI", "bucket": "my-bucket",
            "region": "us-east-1", "require_token": "true",
        ])

    @Test func createListGetUpdateDeleteRoundTrip() async throws {
        try await withEmulator { _, client in
            let created = try await client.create(s3)
            #expect((200..<300).contains(created.status))
            let id = try #require(created.body.id)
            #expect(id.count == 24 && id.allSatisfy(\.isHexDigit))
            #expect(created.body.name == "my-images")
            #expect(created.body.type == "s3")
            #expect(created.body.credentials["bucket"] == "my-bucket")
            #expect(created.body.credentials["access_key_id"] == "AKIAEXAMPLE")
            #expect(created.body.createdAt != nil && created.body.updatedAt != nil)

            let listed = try await client.list()
            #expect(listed.body.map(\.id) == [id])
            #expect(try await client.get(id: id).body == created.body)

            let updated = try await client.update(
                id: id, name: "renamed", credentials: ["require_token": "false"])
            #expect(updated.body.name == "renamed")
            #expect(updated.body.credentials["require_token"] == "false")
            #expect(updated.body.credentials["bucket"] == "my-bucket")
            #expect(try await client.get(id: id).body.name == "renamed")

            let deleted = try await client.delete(id: id)
            #expect((200..<300).contains(deleted.status))
            #expect(try await client.list().body.isEmpty)
            do throws(APIError) {
                _ = try await client.get(id: id)
                Issue.record("expected 404")
            } catch {
                #expect(error == .http(status: 404, messages: ["Source not found"], rateLimit: RateLimitHeaders()))
                #expect(!error.isRetryable)
            }
        }
    }

    @Test func secretsComeBackRedactedAndThePlaceholderIsNeverSentBack() async throws {
        try await withEmulator { _, client in
            let created = try await client.create(s3).body
            #expect(created.credentials["secret_access_key"] == "****")
            // Send the listed source straight back: "****" is dropped, the stored secret is kept.
            let id = try #require(created.id)
            let echoed = try await client.update(id: id, name: nil, credentials: created.credentials)
            #expect(echoed.body.credentials["secret_access_key"] == "****")
            #expect(echoed.body.credentials["access_key_id"] == "AKIAEXAMPLE")
            // A create whose only secret is the placeholder leaves the field out: the 422 says so.
            var copy = s3
            copy.name = "copy"
            copy.credentials["secret_access_key"] = "****"
            do throws(APIError) {
                _ = try await client.create(copy)
                Issue.record("expected 422")
            } catch {
                #expect(error.status == 422)
                #expect(error.serverMessages.contains("Credential secret_access_key is required for s3 sources"))
            }
        }
    }

    @Test func validationMessagesAreVerbatim() async throws {
        try await withEmulator { _, client in
            var incomplete = s3
            incomplete.credentials["access_key_id"] = nil
            do throws(APIError) {
                _ = try await client.create(incomplete)
                Issue.record("expected 422")
            } catch {
                guard case .http(422, let messages, _) = error else {
                    Issue.record("got \(error)")
                    return
                }
                #expect(messages == ["Credential access_key_id is required for s3 sources"])
                #expect(!error.isRetryable)
                #expect("\(error)" == "HTTP 422: Credential access_key_id is required for s3 sources")
            }
            _ = try await client.create(s3)
            await #expect(
                throws: APIError.http(
                    status: 422, messages: ["Source has already been taken"], rateLimit: RateLimitHeaders())
            ) {
                _ = try await client.create(s3)
            }
        }
    }

    @Test func aWrongKeyIsUnauthorized() async throws {
        let (logger, lines) = CapturingLogHandler.logger()
        let wrong = "wrong-key-0000-secret"
        try await withEmulator(key: wrong, logger: logger) { _, client in
            do throws(APIError) {
                _ = try await client.list()
                Issue.record("expected 401")
            } catch {
                #expect(error == .unauthorized(status: 401, messages: ["Invalid API key"]))
                #expect(!error.isRetryable)
                #expect(!"\(error)".contains(wrong))
            }
        }
        #expect(!lines.all.isEmpty)
        #expect(lines.all.allSatisfy { !$0.contains(wrong) })
    }

    @Test func rateLimitedAnswersCarryRetryAfterAndHeaders() async throws {
        try await withEmulator({
            $0.rateLimit = 0.5; $0.burst = 1
        }) { _, client in
            let first = try await client.list()
            #expect(first.rateLimit.limit == 1)
            #expect(first.rateLimit.remaining == 0)
            #expect(first.rateLimit.resetAfter == 2)
            do throws(APIError) {
                _ = try await client.list()
                Issue.record("expected 429")
            } catch {
                guard case .http(429, let messages, let rateLimit) = error else {
                    Issue.record("got \(error)")
                    return
                }
                #expect(messages.first?.hasPrefix("Rate limit exceeded") == true)
                #expect(rateLimit.retryAfter == 2)
                #expect(rateLimit.limit == 1)
                #expect(rateLimit.remaining == 0)
                #expect(error.isRetryable)
                #expect(RateOutcome(error: error) == .rateLimited(rateLimit))
            }
        }
    }

    @Test func aDroppedConnectionIsConnectionDropped() async throws {
        try await withEmulator({ $0.dropRate = 1 }) { emulator, client in
            let failure: APIError?
            do throws(APIError) {
                _ = try await client.create(s3)
                failure = nil
            } catch {
                failure = error
            }
            let error = try #require(failure)
            guard case .connectionDropped = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(error.outcomeUnknown)
            #expect(error.isRetryable)
            #expect(try await emulator.stats().faults.dropped >= 1)
        }
    }

    @Test func aSlowServerIsATimeout() async throws {
        try await withEmulator(timeout: .milliseconds(300), { $0.latencyMilliseconds = 4000 }) { _, client in
            let start = ContinuousClock.now
            await #expect(throws: APIError.timeout) { _ = try await client.list() }
            // Before the emulator's 1–3 s delay would have ended.
            #expect(ContinuousClock.now - start < .milliseconds(2000))
        }
    }

    @Test func injected503IsRetryableHTTP() async throws {
        try await withEmulator({ $0.faultRate = 1 }) { _, client in
            do throws(APIError) {
                _ = try await client.list()
                Issue.record("expected 503")
            } catch {
                #expect(error.status == 503)
                #expect(error.isRetryable)
                #expect(error.outcomeUnknown)
            }
        }
    }

    @Test func theKeyNeverAppearsInErrorsOrLogs() async throws {
        let (logger, lines) = CapturingLogHandler.logger()
        var failures: [APIError] = []
        try await withEmulator(
            timeout: .milliseconds(300), logger: logger,
            {
                $0.dropRate = 0.5; $0.seed = 7
            }
        ) {
            _, client in
            for i in 0..<20 {
                do throws(APIError) {
                    _ = try await client.create(
                        Source(name: "s\(i)", type: "url", credentials: ["url": "https://x.example"]))
                } catch { failures.append(error) }
                do throws(APIError) { _ = try await client.get(id: "000000000000000000000000") } catch {
                    failures.append(error)
                }
            }
        }
        #expect(failures.contains { if case .connectionDropped = $0 { true } else { false } })
        #expect(failures.contains { $0.status == 404 })
        for failure in failures {
            #expect(!"\(failure)".contains(Self.key))
            #expect(!String(reflecting: failure).contains(Self.key))
        }
        #expect(lines.all.count >= 40)
        #expect(lines.all.allSatisfy { !$0.contains(Self.key) })
    }
}
