import Foundation
import TestSupport
import Testing

import SourcesCore
@testable import SourcesAPI
@testable import SourcesHTTP

/// `list()` on a real socket with bodies the emulator does not send: an account larger
/// than the old 16 MiB body cap, and lists that break off or are not lists.
@Suite("SourcesClient list on a raw socket")
struct SourcesClientListingTests {
    static let key = "raw-listing-test-key-81c2"

    private func client(_ server: RawHTTPServer) throws -> SourcesClient {
        let config = try APIConfiguration.resolve(
            endpoint: server.baseURL, apiKeyFile: nil, allowHTTP: false,
            environment: ["IMAGEBOSS_API_KEY": Self.key])
        return SourcesClient(configuration: config, maximumConnections: 2)
    }

    /// One source as the API lists it (about 330 bytes, like the seed's example).
    static func sourceJSON(_ i: Int) -> String {
        let id = objectID(i)
        return #"{"id":"\#(id)","source":"images-\#(i)","source_type":"s3","credentials":{"bucket":"bucket-\#(i)","#
            + #""region":"us-east-1","access_key_id":"AKIAEXAMPLE\#(i)","secret_access_key":"****","#
            + #""require_token":"true","secret_token":"a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"},"#
            + #""created_at":"2026-03-05T14:10:00Z","updated_at":"2026-03-05T14:10:00Z"}"#
    }

    /// A 24-hex-digit id ending in `i`.
    static func objectID(_ i: Int) -> String {
        let hex = String(i, radix: 16)
        return "69a99ae507f19" + String(repeating: "0", count: 11 - hex.count) + hex
    }

    @Test func aListLargerThanTheOldBodyCapIsRead() async throws {
        let count = 64_000
        var body = "["
        body.reserveCapacity(count * 340)
        for i in 0..<count {
            if i > 0 { body += ",\n" }
            body += Self.sourceJSON(i)
        }
        body += "]"
        // Above the 16 MiB cap that stopped `export` and `plan` near 59,000 sources.
        #expect(body.utf8.count > SourcesClient.maxBodyBytes + (2 << 20))
        let response = RawHTTPServer.response(status: 200, reason: "OK", body: body)
        let server = try RawHTTPServer { _ in .respond(response) }
        defer { server.stop() }
        let client = try client(server)
        let started = ContinuousClock.now
        let listed = try await scoped(client, shutdown: { await $0.shutdown() }) { try await $0.list() }
        let elapsed = ContinuousClock.now - started

        #expect(listed.status == 200)
        #expect(listed.body.count == count)
        #expect(listed.body.first?.name == "images-0")
        #expect(listed.body.last?.name == "images-\(count - 1)")
        #expect(listed.body.last?.credentials["bucket"] == "bucket-\(count - 1)")
        #expect(listed.body.last?.id == Self.objectID(count - 1))
        // Generous: a debug build on a loaded machine; the point is that it is not refused.
        #expect(elapsed < .seconds(20))
    }

    @Test func aListingKeepsOnlyWhatTheCallerMakesOfEachSource() async throws {
        let count = 2_000
        let body = "[" + (0..<count).map(Self.sourceJSON).joined(separator: ",\n") + "]"
        let server = try RawHTTPServer { _ in .respond(RawHTTPServer.response(status: 200, reason: "OK", body: body)) }
        defer { server.stop() }
        let client = try client(server)
        let listed = try await scoped(client, shutdown: { await $0.shutdown() }) { client in
            try await client.list(keeping: { source -> String? in
                source.name.hasSuffix("7") ? nil : "\(source.id ?? "?")=\(source.credentials["secret_token"] ?? "")"
            })
        }
        #expect(listed.status == 200)
        #expect(listed.body.count == count - count / 10)
        #expect(listed.body.first == "\(Self.objectID(0))=a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6")
        #expect(listed.body.last == "\(Self.objectID(count - 1))=a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6")
    }

    @Test func aListThatBreaksOffIsAnInvalidResponseThatQuotesNothing() async throws {
        let body = "[" + Self.sourceJSON(1) + "," + Self.sourceJSON(2)
        let server = try RawHTTPServer { _ in .respond(RawHTTPServer.response(status: 200, reason: "OK", body: body)) }
        defer { server.stop() }
        let client = try client(server)
        do {
            _ = try await client.list()
            Issue.record("a list without its ']' was accepted")
        } catch {
            guard case .invalidResponse(200, let detail) = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(detail.contains("list of sources: unexpected end of document at byte \(body.utf8.count)"))
            #expect(!detail.contains("AKIAEXAMPLE") && !detail.contains("a1b2c3d4"))
            #expect(!"\(error)".contains(Self.key))
        }
        await client.shutdown()
    }

    @Test func aSourceTheListCannotHoldIsNamedByPosition() async throws {
        let body = "[" + Self.sourceJSON(1) + #",{"id":"x","source_type":"s3"}]"#
        let server = try RawHTTPServer { _ in .respond(RawHTTPServer.response(status: 200, reason: "OK", body: body)) }
        defer { server.stop() }
        let client = try client(server)
        await #expect {
            _ = try await client.list()
        } throws: { error in
            guard let error = error as? APIError, case .invalidResponse(200, let detail) = error else { return false }
            return detail.contains("source 2: source object without a string 'source'")
        }
        await client.shutdown()
    }

    @Test func aBodyThatIsNotAListStillGetsTheWholeBodyAccount() async throws {
        let page = "<html><head><title>Maintenance</title></head><body>back soon</body></html>"
        let server = try RawHTTPServer { _ in
            .respond(RawHTTPServer.response(status: 200, reason: "OK", body: page, contentType: "text/html"))
        }
        defer { server.stop() }
        let client = try client(server)
        await #expect {
            _ = try await client.list()
        } throws: { error in
            guard let error = error as? APIError, case .invalidResponse(200, let detail) = error else { return false }
            return detail.contains("text/html") && detail.contains("Maintenance")
        }
        await client.shutdown()
    }

    @Test func anErrorStatusIsStillReadWhole() async throws {
        let server = try RawHTTPServer { _ in
            .respond(RawHTTPServer.response(status: 422, reason: "Unprocessable", body: #"["not","a","list"]"#))
        }
        defer { server.stop() }
        let client = try client(server)
        await #expect(throws: APIError.http(status: 422, messages: [], rateLimit: RateLimitHeaders())) {
            _ = try await client.list()
        }
        await client.shutdown()
    }
}
