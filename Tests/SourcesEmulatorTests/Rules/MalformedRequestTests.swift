import Foundation
import NIOHTTP1
import SourcesEmulator
import TestSupport
import Testing

/// 400 and 413: no body, however malformed, crashes the emulator or gets past the checks.
@Suite struct MalformedRequestTests {
    @Test func notJSONOrNoSourceObjectIs400() async throws {
        try await EmulatorHarness.with { live in
            let bodies: [(String, String?)] = [
                ("{", "Request body is not valid JSON"),
                ("{\"source\": {\"source\": \"x\",}}", "Request body is not valid JSON"),
                ("nul", "Request body is not valid JSON"),
                ("", "param is missing or the value is empty: source"),
                ("{}", "param is missing or the value is empty: source"),
                ("[]", "param is missing or the value is empty: source"),
                ("{\"source\": {}}", "param is missing or the value is empty: source"),
                ("{\"source\": \"my-images\"}", "param is missing or the value is empty: source"),
                ("{\"source_type\": \"s3\"}", "param is missing or the value is empty: source"),
                ("\"just a string\"", "param is missing or the value is empty: source"),
            ]
            for (body, message) in bodies {
                for (method, path) in [(HTTPMethod.POST, "/v1/sources")] {
                    let response = try await live.send(method, path, body: body)
                    #expect(response.status == 400, "\(body)")
                    #expect(response.errors?.count == 1, "\(body)")
                    if let message { #expect(response.errors?.first?.hasPrefix(message) == true, "\(body)") }
                }
            }
            let created = try await live.create("patch-me")
            let patch = try await live.send(.PATCH, "/v1/sources/\(created.id ?? "")", body: "{oops")
            #expect(patch.status == 400)
        }
    }

    @Test func invalidEncodingsAndDeepNestingAre400() async throws {
        try await EmulatorHarness.with { live in
            let invalidUTF8: [UInt8] = Array(#"{"source":{"source":""#.utf8) + [0xC3, 0x28] + Array(#""}}"#.utf8)
            let invalid = try await live.send(.POST, "/v1/sources", key: "key-a", bytes: invalidUTF8)
            #expect(invalid.status == 400)
            let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            #expect(try await live.send(.POST, "/v1/sources", body: deep).status == 400)
            let deepObject =
                "{\"source\":" + String(repeating: "{\"a\":", count: 5000) + "1" + String(repeating: "}", count: 5001)
            #expect(try await live.send(.POST, "/v1/sources", body: deepObject).status == 400)
            let lonely = #"{"source":{"source":"\ud800x","source_type":"s3"}}"#
            #expect(try await live.send(.POST, "/v1/sources", body: lonely).status == 400)
            // Still alive and answering.
            #expect(try await live.send(.GET, "/v1/sources").status == 200)
        }
    }

    @Test func bodiesOverOneMegabyteAre413() async throws {
        try await EmulatorHarness.with { live in
            let padding = String(repeating: "x", count: (1 << 20) + 1)
            let body =
                #"{"source":{"source":"big","source_type":"url","credential_attributes":{"url":"https://e.com/"#
                + padding + #""}}}"#
            let response = try await live.send(.POST, "/v1/sources", body: body)
            #expect(response.status == 413)
            #expect(response.errors == ["Request body is larger than 1 MB"])
            let small = try await live.create("small-after-big")
            #expect(small.status == 201)
        }
    }

    @Test func randomGarbageNeverGetsA5xx() async throws {
        try await EmulatorHarness.with { live in
            var generator = TestSeed.generator()
            let alphabet = Array(#"{}[]":,0123456789.eE-+tfnulsrc\ abc"#.utf8)
            let seeds = [
                #"{"source":{"source":"a","source_type":"s3","credential_attributes":{"bucket":"b"}}}"#,
                #"{"source":{"source":1,"source_type":true,"credential_attributes":null}}"#,
            ]
            for round in 0..<150 {
                var bytes = Array(seeds[round % seeds.count].utf8)
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    let position = Int.random(in: 0..<bytes.count, using: &generator)
                    bytes[position] = alphabet.randomElement(using: &generator) ?? 0
                }
                let response = try await live.send(.POST, "/v1/sources", key: "key-a", bytes: bytes)
                #expect([201, 400, 422].contains(response.status), "\(String(decoding: bytes, as: UTF8.self))")
                #expect(response.errors != nil || response.status == 201)
            }
            #expect(try await live.send(.GET, "/v1/sources", key: "key-b").array?.isEmpty == true)
        }
    }
}
