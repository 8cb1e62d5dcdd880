import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SourcesEmulator
import TestSupport
import Testing

/// The application from `buildApplication`, driven in process (no socket) and live.
@Suite struct InProcessRouterTests {
    static func configuration() -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration()
        configuration.addKey("router-key:router-account")
        return configuration
    }

    static let key = HTTPField.Name("imageboss-api-key")

    @Test func createThenReadInProcess() async throws {
        let app = try await buildApplication(Self.configuration())
        try await app.test(.router) { client in
            guard let key = Self.key else {
                Issue.record("header name")
                return
            }
            let body = ByteBuffer(
                string: #"{"source":{"source":"in-process","source_type":"wasabi","credential_attributes":"#
                    + #"{"access_key":"A","secret":"S","bucket":"b"}}}"#)
            let created = try await client.execute(
                uri: "/v1/sources", method: .post, headers: [key: "router-key", .contentType: "application/json"],
                body: body)
            #expect(created.status == .created)
            let object =
                try JSONSerialization.jsonObject(with: Data(String(buffer: created.body).utf8)) as? [String: Any]
            let id = try #require(object?["id"] as? String)
            #expect((object?["credentials"] as? [String: String])?["secret"] == "****")

            let read = try await client.execute(
                uri: "/api/v1/sources/\(id)", method: .get, headers: [key: "router-key"])
            #expect(read.status == .ok)
            #expect(String(buffer: read.body) == String(buffer: created.body))

            let anonymous = try await client.execute(uri: "/v1/sources", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func liveTestFramework() async throws {
        let app = try await buildApplication(Self.configuration())
        try await app.test(.live) { client in
            guard let key = Self.key else {
                Issue.record("header name")
                return
            }
            #expect(client.port != nil)
            let list = try await client.execute(uri: "/v1/sources", method: .get, headers: [key: "router-key"])
            #expect(list.status == .ok)
            #expect(String(buffer: list.body) == "[]")
            let stats = try await client.execute(uri: "/_emulator/stats", method: .get)
            let decoded = try JSONDecoder().decode(EmulatorStats.self, from: Data(String(buffer: stats.body).utf8))
            #expect(decoded.count(method: "GET") == 1)
        }
    }
}
