import Foundation
import NIOHTTP1
import SourcesEmulator
import TestSupport
import Testing

/// Replays every curl example of the seed against the emulator on a real socket
/// and checks status, headers and body shape against the seed's documents.
@Suite struct SeedContractTests {
    @Test func seedHasTheExamplesThisSuiteReplays() throws {
        let seed = try SeedExamples.load()
        #expect(seed.curls.map(\.method) == ["GET", "GET", "POST", "PATCH", "DELETE"])
        #expect(seed.documents.count == 3)
    }

    @Test(arguments: ["/v1/sources", "/api/v1/sources"])
    func replaysEveryCurlExample(prefix: String) async throws {
        let seed = try SeedExamples.load()
        let listExample = try #require((seed.documents[0] as? [[String: Any]])?.first)
        let createdExample = try #require(seed.documents[1] as? [String: Any])
        let exampleCredentials = try #require(createdExample["credentials"] as? [String: String])

        try await EmulatorHarness.with { live in
            var sourceID: String?
            var created: [String: Any]?
            for curl in seed.curls {
                let path = curl.path.replacingOccurrences(of: "/v1/sources", with: prefix)
                    .replacingOccurrences(of: "<SOURCE_ID>", with: sourceID ?? "missing")
                let headers = curl.headers.filter { $0.0.lowercased() != "imageboss-api-key" }
                let key = curl.headers.first { $0.0.lowercased() == "imageboss-api-key" }
                    .map { $0.1.replacingOccurrences(of: "<YOUR_API_KEY_HERE>", with: "key-a") }
                #expect(key == "key-a", "every seed example authenticates with the header")
                let response = try await live.send(
                    HTTPMethod(rawValue: curl.method), path, key: key, body: curl.body,
                    headers: headers.filter { $0.0.lowercased() != "content-type" })
                #expect(response.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true)

                switch curl.method {
                case "GET":
                    #expect(response.status == 200)
                    let list = try #require(response.array)
                    #expect(list.count == (created == nil ? 0 : 1))
                case "POST":
                    #expect(response.status == 201)
                    let body = try #require(response.object)
                    #expect(Set(body.keys) == Set(createdExample.keys))
                    let credentials = try #require(response.credentials)
                    #expect(Set(credentials.keys) == Set(exampleCredentials.keys))
                    for (name, value) in exampleCredentials where name != "secret_token" {
                        #expect(credentials[name] == value, "credential \(name)")
                    }
                    #expect(Fixtures.isHex(credentials["secret_token"], count: 32))
                    #expect(body["source"] as? String == createdExample["source"] as? String)
                    #expect(body["source_type"] as? String == createdExample["source_type"] as? String)
                    #expect(Fixtures.isHex(response.id, count: 24))
                    #expect(Fixtures.isTimestamp(body["created_at"]) && Fixtures.isTimestamp(body["updated_at"]))
                    // The response lists credentials in the seed's order.
                    let order = [
                        "bucket", "region", "access_key_id", "secret_access_key", "require_token", "secret_token",
                    ]
                    let positions = order.compactMap { response.text.range(of: "\"\($0)\"")?.lowerBound }
                    #expect(positions == positions.sorted() && positions.count == order.count)
                    sourceID = response.id
                    created = body

                    let listed = try await live.send(.GET, prefix)
                    let element = try #require(listed.array?.first)
                    #expect(Set(element.keys) == Set(listExample.keys))
                    #expect(
                        Set((element["credentials"] as? [String: String] ?? [:]).keys)
                            == Set((listExample["credentials"] as? [String: String] ?? [:]).keys))
                    #expect((element["credentials"] as? [String: String])?["secret_access_key"] == "****")
                case "PATCH":
                    #expect(response.status == 200)
                    #expect(response.credentials?["require_token"] == "false")
                    #expect(response.credentials?["bucket"] == exampleCredentials["bucket"])
                    #expect(response.id == sourceID)
                    #expect(Set(response.object?.keys.map { $0 } ?? []) == Set(createdExample.keys))
                case "DELETE":
                    #expect(response.status == 200)
                    #expect(response.text == "{}")
                    let gone = try await live.send(.GET, prefix + "/" + (sourceID ?? ""))
                    #expect(gone.status == 404)
                    #expect(gone.errors == ["Source not found"])
                default:
                    Issue.record("unexpected method \(curl.method) in the seed")
                }
            }
        }
    }

    /// The seed's 422 example: a second s3 source with the same name and no access_key_id.
    @Test func seedErrorExample() async throws {
        let seed = try SeedExamples.load()
        let expected = try #require((seed.documents[2] as? [String: Any])?["errors"] as? [String])
        let create = try #require(seed.curls.first { $0.method == "POST" })
        try await EmulatorHarness.with { live in
            let first = try await live.send(.POST, "/v1/sources", body: create.body)
            #expect(first.status == 201)
            var attributes = Fixtures.s3Credentials
            attributes["access_key_id"] = nil
            let second = try await live.create("my-images", credentials: attributes)
            #expect(second.status == 422)
            #expect(second.errors == expected)
        }
    }
}
