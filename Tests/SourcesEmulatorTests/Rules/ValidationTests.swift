import Foundation
import NIOHTTP1
import SourcesCore
import SourcesEmulator
import TestSupport
import Testing

/// 422s: the shared rules (SourceRules), every message at once, plus value kinds.
@Suite struct ValidationTests {
    /// For every type, an empty credential set gets exactly the shared rules' messages.
    @Test(arguments: SourceType.allCases)
    func missingCredentialsUseTheSharedRules(type: SourceType) async throws {
        try await EmulatorHarness.with { live in
            let response = try await live.create("name-\(type.rawValue)", type: type.rawValue, credentials: [:])
            #expect(response.status == 422)
            let expected = SourceRules.violations(name: "name-\(type.rawValue)", type: type.rawValue, credentials: [:])
                .map(\.message)
            #expect(!expected.isEmpty)
            #expect(response.errors == expected)
            #expect(
                response.errors?.contains(
                    "Credential \(type.requiredAttributes[0]) is required for \(type.rawValue) sources") == true)
        }
    }

    @Test func everyMessageAtOnce() async throws {
        try await EmulatorHarness.with { live in
            #expect(try await live.create("taken").status == 201)
            let response = try await live.create(
                "taken", credentials: ["bucket": "b", "require_token": "yes"])
            #expect(response.status == 422)
            #expect(
                response.errors == [
                    "Credential access_key_id is required for s3 sources",
                    "Credential secret_access_key is required for s3 sources",
                    "Credential region is required for s3 sources",
                    "Credential require_token must be \"true\" or \"false\"",
                    "Source has already been taken",
                ])
        }
    }

    @Test func namesAndTypes() async throws {
        try await EmulatorHarness.with { live in
            let cases: [(name: Any, type: Any, errors: [String])] = [
                ("", "s3", ["Source can't be blank"]),
                ("   ", "s3", ["Source can't be blank"]),
                ("bad name!", "s3", ["Source is invalid"]),
                ("-leading", "s3", ["Source is invalid"]),
                ("ok", "ftp", ["Source type is not included in the list"]),
                ("ok", "", ["Source type can't be blank"]),
                (["nested"], "s3", ["Source must be a string"]),
                ("ok", ["type": "s3"], ["Source type must be a string"]),
            ]
            for c in cases {
                let body = try Fixtures.json([
                    "source": [
                        "source": c.name, "source_type": c.type, "credential_attributes": Fixtures.s3Credentials,
                    ]
                ])
                let response = try await live.send(.POST, "/v1/sources", body: body)
                #expect(response.status == 422, "\(c.name) / \(c.type)")
                #expect(response.errors == c.errors, "\(c.name) / \(c.type)")
            }
            #expect(try await live.send(.GET, "/v1/sources").array?.isEmpty == true)
        }
    }

    @Test func azureConditionalFields() async throws {
        try await EmulatorHarness.with { live in
            let base: [String: Any] = ["account_name": "acct", "sas_token": "?sv=2020"]
            var blob = base
            blob["service_type"] = "blob"
            let noContainer = try await live.create("az1", type: "azure", credentials: blob)
            #expect(
                noContainer.errors == [
                    "Credential container_name is required for azure sources when service_type is blob"
                ])
            var share = base
            share["service_type"] = "file-share"
            let noShare = try await live.create("az2", type: "azure", credentials: share)
            #expect(
                noShare.errors == [
                    "Credential share_name is required for azure sources when service_type is file-share"
                ])
            var odd = base
            odd["service_type"] = "queue"
            let invalid = try await live.create("az3", type: "azure", credentials: odd)
            #expect(invalid.errors == ["Credential service_type must be blob or file-share for azure sources"])
            blob["container_name"] = "images"
            let ok = try await live.create("az4", type: "azure", credentials: blob)
            #expect(ok.status == 201)
            #expect(ok.credentials?["sas_token"] == "****")
        }
    }

    @Test func urlMustBeAbsoluteHTTP() async throws {
        try await EmulatorHarness.with { live in
            let bad = try await live.create("proxy1", type: "url", credentials: ["url": "ftp://example.com"])
            #expect(bad.errors == ["Credential url must be an absolute http or https URL with a host"])
            let good = try await live.create("proxy2", type: "url", credentials: ["url": "https://example.com/images"])
            #expect(good.status == 201)
            #expect(good.credentials?["url"] == "https://example.com/images")
        }
    }

    @Test func unknownAttributesAreDropped() async throws {
        try await EmulatorHarness.with { live in
            var attributes = Fixtures.s3Credentials
            attributes["endpoint"] = "https://not-for-s3"
            attributes["colour"] = ["not": "even a string"]
            let response = try await live.create("dropping", credentials: attributes)
            #expect(response.status == 201)
            #expect(response.credentials?["endpoint"] == nil)
            #expect(response.credentials?["colour"] == nil)
            #expect(Set(response.credentials?.keys.map { $0 } ?? []) == SourceType.s3.knownAttributes)
        }
    }

    @Test func scalarsAreStoredAsStringsContainersAre422() async throws {
        try await EmulatorHarness.with { live in
            let body =
                #"{"source":{"source":"numbers","source_type":"r2","credential_attributes":"#
                + #"{"access_key":12345,"secret":1.50e3,"bucket":"b","require_token":true}}}"#
            let response = try await live.send(.POST, "/v1/sources", body: body)
            #expect(response.status == 201)
            #expect(response.credentials?["access_key"] == "12345")
            #expect(response.credentials?["require_token"] == "true")
            let stored = try await live.send(.GET, "/v1/sources/\(response.id ?? "")")
            #expect(stored.credentials?["access_key"] == "12345")

            let nested =
                #"{"source":{"source":"nested","source_type":"r2","credential_attributes":"#
                + #"{"access_key":{"a":1},"secret":["x"],"bucket":"b"}}}"#
            let rejected = try await live.send(.POST, "/v1/sources", body: nested)
            #expect(rejected.status == 422)
            #expect(
                rejected.errors == ["Credential access_key must be a string", "Credential secret must be a string"])

            let notObject = #"{"source":{"source":"x","source_type":"r2","credential_attributes":"abc"}}"#
            let wrongShape = try await live.send(.POST, "/v1/sources", body: notObject)
            #expect(wrongShape.status == 422)
            #expect(wrongShape.errors?.first == "Credential attributes must be an object")
        }
    }

    @Test func secretTokenIsGeneratedOrKept() async throws {
        try await EmulatorHarness.with { live in
            let generated = try await live.create("gen")
            #expect(Fixtures.isHex(generated.credentials?["secret_token"], count: 32))
            var attributes = Fixtures.s3Credentials
            attributes["secret_token"] = "my-own-signing-key"
            let kept = try await live.create("kept", credentials: attributes)
            #expect(kept.credentials?["secret_token"] == "my-own-signing-key")
            let other = try await live.create("gen2")
            #expect(other.credentials?["secret_token"] != generated.credentials?["secret_token"])
        }
    }

    @Test func readsRedactProviderSecrets() async throws {
        try await EmulatorHarness.with { live in
            let s3 = try await live.create("s3-redacted")
            let gcs = try await live.create(
                "gcs-redacted", type: "gcs",
                credentials: ["access_key": "GOOG", "secret": "very-secret", "bucket": "b"])
            for response in [s3, gcs] {
                #expect(!response.text.contains("wJalr") && !response.text.contains("very-secret"))
            }
            let list = try await live.send(.GET, "/v1/sources")
            #expect(!list.text.contains("wJalr") && !list.text.contains("very-secret"))
            let credentials = list.array?.compactMap { $0["credentials"] as? [String: String] } ?? []
            #expect(credentials.count == 2)
            #expect(credentials[0]["secret_access_key"] == "****")
            #expect(credentials[1]["secret"] == "****")
            #expect(credentials.allSatisfy { Fixtures.isHex($0["secret_token"], count: 32) })
            let one = try await live.send(.GET, "/v1/sources/\(gcs.id ?? "")")
            #expect(one.credentials?["secret"] == "****")
        }
    }

    @Test func credentialTextRoundTripsExactly() async throws {
        try await EmulatorHarness.with { live in
            let tricky = "quote \" backslash \\ slash / newline \n tab \t bell \u{07} é 日本 🙂"
            var attributes = Fixtures.s3Credentials
            attributes["bucket"] = tricky
            let created = try await live.create("tricky", credentials: attributes)
            #expect(created.status == 201)
            #expect(created.credentials?["bucket"] == tricky)
            let read = try await live.send(.GET, "/v1/sources/\(created.id ?? "")")
            #expect(read.credentials?["bucket"] == tricky)
            let escaped =
                #"{"source":{"source":"esc","source_type":"url","credential_attributes":{"url":"https://e.com/\u00e9\ud83d\ude42"}}}"#
            let unicode = try await live.send(.POST, "/v1/sources", body: escaped)
            #expect(unicode.credentials?["url"] == "https://e.com/é🙂")
        }
    }
}
