import Foundation
import NIOHTTP1
import SourcesEmulator
import TestSupport
import Testing

/// Keys, accounts and the 401/404 rules: a key never sees another account's sources.
@Suite struct AuthAndScopingTests {
    @Test func missingOrUnknownKeyIs401WithErrors() async throws {
        try await EmulatorHarness.with { live in
            for key in [nil, "", "no-such-key"] as [String?] {
                for (method, path) in [
                    (HTTPMethod.GET, "/v1/sources"), (.POST, "/v1/sources"), (.DELETE, "/v1/sources/x"),
                ] {
                    let response = try await live.send(method, path, key: key, body: method == .POST ? "{}" : nil)
                    #expect(response.status == 401, "\(method) \(path) with key \(key ?? "nil")")
                    #expect(response.errors?.count == 1)
                }
            }
            let missing = try await live.send(.GET, "/v1/sources", key: nil)
            #expect(missing.errors?.first?.contains("imageboss-api-key") == true)
            let unknown = try await live.send(.GET, "/v1/sources", key: "no-such-key")
            #expect(unknown.errors == ["Invalid API key"])
            #expect(!unknown.text.contains("no-such-key"), "the key is never echoed")
        }
    }

    @Test func anotherAccountsSourcesAreInvisible() async throws {
        try await EmulatorHarness.with { live in
            let created = try await live.create("acme-images", key: "key-a")
            let id = try #require(created.id)

            #expect(try await live.send(.GET, "/v1/sources", key: "key-b").array?.isEmpty == true)
            for method in [HTTPMethod.GET, .PATCH, .DELETE] {
                let body = method == .PATCH ? #"{"source":{"source":"stolen"}}"# : nil
                let response = try await live.send(method, "/v1/sources/\(id)", key: "key-b", body: body)
                #expect(response.status == 404, "\(method)")
                #expect(response.errors == ["Source not found"])
                #expect(!response.text.contains("acme-images"))
            }
            // Untouched for its owner, and visible to the owner's second key.
            let again = try await live.send(.GET, "/v1/sources/\(id)", key: "key-a2")
            #expect(again.status == 200)
            #expect(again.object?["source"] as? String == "acme-images")
        }
    }

    @Test func namesAreUniquePerAccountOnly() async throws {
        try await EmulatorHarness.with { live in
            #expect(try await live.create("shared-name", key: "key-a").status == 201)
            #expect(try await live.create("shared-name", key: "key-b").status == 201)
            let duplicate = try await live.create("shared-name", key: "key-a2")
            #expect(duplicate.status == 422)
            #expect(duplicate.errors == ["Source has already been taken"])
        }
    }

    @Test func unknownIdsAndPathsAre404() async throws {
        try await EmulatorHarness.with { live in
            for path in ["/v1/sources/000000000000000000000000", "/v1/sources/not-an-id", "/v1/sources/../../etc"] {
                let response = try await live.send(.GET, path)
                #expect(response.status == 404)
                #expect(response.errors != nil)
            }
            let unknown = try await live.send(.GET, "/v2/whatever")
            #expect(unknown.status == 404)
            #expect(unknown.errors == ["Not found"])
            let delete = try await live.send(.DELETE, "/v1/sources/000000000000000000000000")
            #expect(delete.errors == ["Source not found"])
        }
    }
}
