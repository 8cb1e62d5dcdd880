import Foundation
import SourcesAPI
import SourcesCore
import SourcesEmulator
import SourcesMigration
import TestSupport
import Testing

@Suite struct DeleteSessionTests {
    @Test func namesBecomeDeletesOrReportedSkipsOncePerName() {
        let remote = [
            Fixtures.remote(Fixtures.url("a"), id: "a00000000000000000000001", secretToken: "tok-a"),
            Fixtures.remote(Fixtures.url("b"), id: "a00000000000000000000002"),
        ]
        let items = DeleteSession.items(
            for: [
                DeleteRequest(name: "a"), DeleteRequest(name: "missing", file: "n.csv", line: 3),
                DeleteRequest(name: "a"),
            ],
            remote: remote)
        #expect(items.map(\.action) == [.delete, .skip])
        #expect(items[0].remoteID == "a00000000000000000000001")
        #expect(items[0].record.source.credentials["secret_token"] == nil)
        #expect(items[1].problems == ["not in the account: nothing to delete"])
        #expect(items[1].record.origin.location.line == 3)
        let plan = Plan(items: items, remote: remote)
        #expect(PlanRenderer.text(plan).contains("! delete     a (id a00000000000000000000001, url)"))
        #expect(PlanRenderer.summary(plan) == "Plan: 0 to create, 0 to update, 1 to delete, 0 unchanged, 1 skipped.")
        #expect(
            PlanRenderer.json(plan).contains(#""delete": [\#n    {"source": "a", "id": "a00000000000000000000001"}"#))
    }

    @Test func deletesThroughTheEngineWithABackupAndAReport() async throws {
        try await EmulatorHarness.with { harness in
            _ = try await harness.importing(Fixtures.many(6), "seed")
            let session = DeleteSession(
                configuration: ImportConfiguration(
                    endpoint: harness.endpoint, inputs: ["command line"], reportPath: harness.directory.file("d.json"),
                    backupPath: harness.directory.file("d-backup.json")),
                service: harness.client, governor: RateGovernor(maxRate: nil))
            let prepared = try await session.prepare([
                DeleteRequest(name: "src-2"), DeleteRequest(name: "src-5"), DeleteRequest(name: "nope"),
            ])
            let outcome = try await session.execute(prepared)
            #expect(outcome.verdict == .succeeded)
            #expect(outcome.report.summary.deleted == 2)
            #expect(outcome.report.summary.skipped == 1)
            #expect(outcome.report.json().contains(#""deleted": 2}"#))
            #expect(Set(try await harness.account().map(\.name)) == ["src-1", "src-3", "src-4", "src-6"])
            let backup = try BackupReader.read(path: harness.directory.file("d-backup.json"))
            #expect(backup.sources.count == 6)

            // Deleting again: the names are reported absent, nothing is sent, no backup is taken.
            let again = DeleteSession(
                configuration: ImportConfiguration(
                    endpoint: harness.endpoint, inputs: ["command line"], reportPath: harness.directory.file("d2.json"),
                    backupPath: harness.directory.file("d2-backup.json")),
                service: harness.client, governor: RateGovernor(maxRate: nil))
            let second = try await again.execute(try await again.prepare([DeleteRequest(name: "src-2")]))
            #expect(second.report.summary.skipped == 1)
            #expect(second.backupPath == nil)
            #expect(try await harness.emulator.stats().count(method: "DELETE") == 2)
            try SecretScan.expectClean(harness, secrets: ["Secret-Value-", EmulatorHarness.key])
        }
    }
}
