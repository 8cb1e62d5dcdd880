import Foundation
import NIOHTTP1
import SourcesEmulator
import TestSupport
import Testing

/// PATCH merges and renames, DELETE answers `{}`, the list keeps creation order.
@Suite struct UpdateDeleteListTests {
    @Test func patchMergesCredentialsAndMovesUpdatedAt() async throws {
        try await EmulatorHarness.with { live in
            let created = try await live.create("merge-me")
            let id = try #require(created.id)
            let patch = try await live.send(
                .PATCH, "/v1/sources/\(id)",
                body: #"{"source":{"credential_attributes":{"require_token":"false","region":"eu-west-1"}}}"#)
            #expect(patch.status == 200)
            let credentials = try #require(patch.credentials)
            #expect(credentials["require_token"] == "false")
            #expect(credentials["region"] == "eu-west-1")
            #expect(credentials["bucket"] == "my-bucket")
            #expect(credentials["access_key_id"] == "AKIA...")
            #expect(credentials["secret_access_key"] == "****")
            #expect(credentials["secret_token"] == created.credentials?["secret_token"])
            #expect(patch.object?["source"] as? String == "merge-me")
            #expect(patch.object?["created_at"] as? String == created.object?["created_at"] as? String)
            let before = try #require(created.object?["updated_at"] as? String)
            let after = try #require(patch.object?["updated_at"] as? String)
            #expect(after > before)
            let read = try await live.send(.GET, "/v1/sources/\(id)")
            #expect(read.text == patch.text)
        }
    }

    @Test func renameIsCheckedForUniqueness() async throws {
        try await EmulatorHarness.with { live in
            let first = try await live.create("first")
            _ = try await live.create("second")
            let id = try #require(first.id)
            let conflict = try await live.send(.PATCH, "/v1/sources/\(id)", body: #"{"source":{"source":"second"}}"#)
            #expect(conflict.status == 422)
            #expect(conflict.errors == ["Source has already been taken"])
            let same = try await live.send(.PATCH, "/v1/sources/\(id)", body: #"{"source":{"source":"first"}}"#)
            #expect(same.status == 200)
            let renamed = try await live.send(.PATCH, "/v1/sources/\(id)", body: #"{"source":{"source":"third"}}"#)
            #expect(renamed.status == 200)
            #expect(renamed.object?["source"] as? String == "third")
            #expect(try await live.create("first").status == 201, "the old name is free again")
            let invalid = try await live.send(.PATCH, "/v1/sources/\(id)", body: #"{"source":{"source":"no spaces"}}"#)
            #expect(invalid.errors == ["Source is invalid"])
        }
    }

    @Test func invalidPatchChangesNothing() async throws {
        try await EmulatorHarness.with { live in
            let created = try await live.create("keep-me")
            let id = try #require(created.id)
            let patch = try await live.send(
                .PATCH, "/v1/sources/\(id)",
                body: #"{"source":{"credential_attributes":{"bucket":"","region":"x","url":"ignored"}}}"#)
            #expect(patch.status == 422)
            #expect(patch.errors == ["Credential bucket is required for s3 sources"])
            let read = try await live.send(.GET, "/v1/sources/\(id)")
            #expect(read.text == created.text)
        }
    }

    @Test func patchRefusesATypeChangeAndChangesNothing() async throws {
        try await EmulatorHarness.with { live in
            let created = try await live.create("stays-s3")
            let id = try #require(created.id)
            let patch = try await live.send(
                .PATCH, "/v1/sources/\(id)",
                body: #"{"source":{"source_type":"url","credential_attributes":{"url":"https://example.com"}}}"#)
            #expect(patch.status == 422)
            #expect(patch.errors == ["Source type can't be changed"])
            let read = try await live.send(.GET, "/v1/sources/\(id)")
            #expect(read.text == created.text)
            // The same type sent again is not a change.
            let same = try await live.send(
                .PATCH, "/v1/sources/\(id)",
                body: #"{"source":{"source_type":"s3","credential_attributes":{"region":"eu-west-1"}}}"#)
            #expect(same.status == 200)
            #expect(same.credentials?["region"] == "eu-west-1")
        }
    }

    @Test func aNameOverTheMaximumLengthIsRefusedOnCreateAndRename() async throws {
        try await EmulatorHarness.with { live in
            let longest = String(repeating: "a", count: 255)
            #expect(try await live.create(longest).status == 201)
            let tooLong = try await live.create(String(repeating: "b", count: 256))
            #expect(tooLong.status == 422)
            #expect(tooLong.errors == ["Source is too long (maximum is 255 characters)"])
            let huge = try await live.create(String(repeating: "c", count: 100_000))
            #expect(huge.errors == ["Source is too long (maximum is 255 characters)"])
            let created = try await live.create("short")
            let id = try #require(created.id)
            let rename = try await live.send(
                .PATCH, "/v1/sources/\(id)", body: #"{"source":{"source":"\#(String(repeating: "d", count: 256))"}}"#)
            #expect(rename.status == 422)
            #expect(rename.errors == ["Source is too long (maximum is 255 characters)"])
        }
    }

    @Test func deleteAnswersEmptyObjectThen404() async throws {
        try await EmulatorHarness.with { live in
            let created = try await live.create("short-lived")
            let id = try #require(created.id)
            let deleted = try await live.send(.DELETE, "/v1/sources/\(id)")
            #expect(deleted.status == 200)
            #expect(deleted.text == "{}")
            let again = try await live.send(.DELETE, "/v1/sources/\(id)")
            #expect(again.status == 404)
            #expect(again.errors == ["Source not found"])
            let patch = try await live.send(.PATCH, "/v1/sources/\(id)", body: #"{"source":{"source":"x"}}"#)
            #expect(patch.status == 404)
            #expect(try await live.create("short-lived").status == 201, "the name is free again")
        }
    }

    @Test func listIsInCreationOrder() async throws {
        try await EmulatorHarness.with { live in
            let names = ["zeta", "alpha", "mid-1", "Beta", "0-first"]
            var ids: [String] = []
            for name in names { ids.append(try #require(try await live.create(name).id)) }
            _ = try await live.send(.DELETE, "/v1/sources/\(ids[2])")
            _ = try await live.send(.PATCH, "/v1/sources/\(ids[0])", body: #"{"source":{"source":"zeta-renamed"}}"#)
            let list = try await live.send(.GET, "/v1/sources")
            #expect(list.array?.compactMap { $0["id"] as? String } == [ids[0], ids[1], ids[3], ids[4]])
            let apiForm = try await live.send(.GET, "/api/v1/sources")
            #expect(apiForm.text == list.text)
        }
    }

    @Test func concurrentCreatesOfOneNameMakeOneSource() async throws {
        try await EmulatorHarness.with { live in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 { group.addTask { try await live.create("race").status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.filter { $0 == 422 }.count == 19)
            #expect(try await live.send(.GET, "/v1/sources").array?.count == 1)
        }
    }
}
