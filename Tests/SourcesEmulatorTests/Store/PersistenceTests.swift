import Foundation
import NIOHTTP1
import SourcesEmulator
import TestSupport
import Testing

/// `--db FILE`: everything survives a restart; each answered write is committed.
@Suite struct PersistenceTests {
    @Test func sourcesSurviveARestart() async throws {
        let directory = try TemporaryDirectory(prefix: "ibsources-emulator").url
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("emulator.sqlite").path

        let (before, deletedName) = try await EmulatorHarness.with({ $0.databasePath = path }) { live in
            _ = try await live.create("kept-1")
            let second = try await live.create("kept-2", key: "key-b")
            let third = try await live.create("deleted")
            _ = try await live.send(.DELETE, "/v1/sources/\(third.id ?? "")")
            _ = try await live.send(
                .PATCH, "/v1/sources/\(second.id ?? "")", key: "key-b",
                body: #"{"source":{"credential_attributes":{"require_token":"false"}}}"#)
            let a = try await live.send(.GET, "/v1/sources").text
            let b = try await live.send(.GET, "/v1/sources", key: "key-b").text
            return ([a, b], "deleted")
        }
        try await EmulatorHarness.with({ $0.databasePath = path }) { live in
            let a = try await live.send(.GET, "/v1/sources").text
            let b = try await live.send(.GET, "/v1/sources", key: "key-b").text
            #expect([a, b] == before)
            #expect(!a.contains(deletedName))
            #expect(try await live.create("kept-1").errors == ["Source has already been taken"])
        }
    }

    /// While the first emulator still runs (as if it were killed now), another
    /// connection to the file already sees every write that was answered.
    @Test func answeredWritesAreAlreadyCommitted() async throws {
        let directory = try TemporaryDirectory(prefix: "ibsources-emulator").url
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("emulator.sqlite").path
        try await EmulatorHarness.with({ $0.databasePath = path }) { writer in
            var ids: [String] = []
            for i in 0..<5 { ids.append(try #require(try await writer.create("w-\(i)").id)) }
            try await EmulatorHarness.with({ $0.databasePath = path }) { reader in
                let list = try await reader.send(.GET, "/v1/sources")
                #expect(list.array?.compactMap { $0["id"] as? String } == ids)
            }
        }
    }

    @Test func unusableDatabasePathIsAClearError() async throws {
        var configuration = EmulatorConfiguration()
        configuration.databasePath = "/nonexistent-dir/x/emulator.sqlite"
        await #expect(throws: EmulatorError.self) { _ = try await RunningEmulator.start(configuration) }
    }
}
