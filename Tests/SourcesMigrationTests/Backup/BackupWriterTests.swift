import Foundation
import SourcesCore
import SourcesMigration
import TestSupport
import Testing

@Suite struct BackupWriterTests {
    @Test func writesTheExportEnvelopePrivatelyAndNeverOverwrites() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("backup.json")
        let sources = [Fixtures.remote(Fixtures.url("a"), id: "id-a", secretToken: "signing-key")]
        let writer = BackupWriter(endpoint: "http://127.0.0.1:9/v1")
        try writer.write(sources, fetchedAt: Date(timeIntervalSince1970: 0), to: path)
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(object["kind"] as? String == "imageboss-sources")
        #expect(object["exported_at"] as? String == "1970-01-01T00:00:00Z")
        #expect(object["endpoint"] as? String == "http://127.0.0.1:9/v1")
        #expect((object["sources"] as? [[String: Any]])?.first?["id"] as? String == "id-a")
        let refused = #expect(throws: FileWriteError.self) { try writer.write([], fetchedAt: Date(), to: path) }
        #expect(refused?.description.contains("already exists") == true)
        #expect(refused?.description.contains("--backup") == true)
        // Another failure keeps the system's reason.
        let missing = #expect(throws: FileWriteError.self) {
            try writer.write([], fetchedAt: Date(), to: dir.file("no-such-dir/backup.json"))
        }
        #expect(missing?.reason.contains("No such file") == true)
        #expect(
            BackupWriter.defaultPath(at: Date(timeIntervalSince1970: 0)) == "ibsources-backup-19700101T000000Z.json")
    }
}
