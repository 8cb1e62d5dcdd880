import Foundation
import NIOHTTP1
import SourcesEmulator
import TestSupport
import Testing

/// The `--db` file holds provider secrets in plain text: it and its `-wal` and `-shm`
/// companions are only the owner's (mode 0600), whatever the umask.
@Suite(.serialized) struct DatabaseFileModeTests {
    private static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func theDatabaseAndItsCompanionsAreCreatedPrivate() async throws {
        let directory = try TemporaryDirectory(prefix: "ibsources-emulator").url
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("emulator.sqlite").path
        let previous = umask(0o022)
        defer { umask(previous) }
        try await EmulatorHarness.with({ $0.databasePath = path }) { live in
            _ = try await live.create("private-1")
            for file in [path, path + "-wal", path + "-shm"] {
                #expect(FileManager.default.fileExists(atPath: file), "\(file)")
                let mode = try Self.mode(file)
                #expect(mode == 0o600, "\(file): \(String(mode, radix: 8))")
            }
        }
    }

    @Test func anExistingDatabaseIsTightened() async throws {
        let directory = try TemporaryDirectory(prefix: "ibsources-emulator").url
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        try await EmulatorHarness.with({ $0.databasePath = path }) { live in _ = try await live.create("old-1") }
        chmod(path, 0o644)
        try await EmulatorHarness.with({ $0.databasePath = path }) { live in
            let listing = try await live.send(.GET, "/v1/sources").text
            #expect(listing.contains("old-1"))
            let mode = try Self.mode(path)
            #expect(mode == 0o600)
        }
    }
}
