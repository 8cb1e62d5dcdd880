import Foundation
import SourcesCore
import SourcesMigration
import Testing

/// The inverse plan, from results, a backup and the account as it is now (no network).
@Suite struct RollbackPlannerTests {
    private let kept = Fixtures.remote(Fixtures.url("kept", url: "https://k.example.com"), id: "a00000000000000000000001", secretToken: "t1")
    private let moved = Fixtures.remote(Fixtures.s3("moved", bucket: "before"), id: "a00000000000000000000002", secretToken: "t2")
    private let gone = Fixtures.remote(Fixtures.s3("gone"), id: "a00000000000000000000003", secretToken: "t3")

    private func run(_ results: [RecordResult], outcome: String? = "completed", modified: Date = Date()) -> RunRecord {
        RunRecord(
            path: "r.json", runID: "run", endpoint: "http://127.0.0.1:1/v1", inputs: ["in.csv"], backup: "b.json",
            resumedFrom: nil, outcome: outcome, results: results, modifiedAt: modified)
    }

    private func result(_ name: String, _ action: String, _ status: ResultStatus, id: String?, fields: [String]? = nil)
        -> RecordResult
    {
        RecordResult(source: name, file: "in.csv", line: 2, action: action, status: status, id: id, attempts: 1, fields: fields)
    }

    @Test func createsAreDeletedUpdatesAndRenamesRestoredDeletesRecreated() {
        let backup = Backup(path: "b.json", exportedAt: "2026-01-01T00:00:00Z", sources: [kept, moved, gone])
        var now = moved
        now.name = "moved-renamed"
        now.credentials["bucket"] = "after"
        now.credentials["extra_field"] = "added"
        let created = Source(name: "new", type: "url", credentials: ["url": "u"], id: "b00000000000000000000001", createdAt: "2026-01-01T00:00:05Z")
        let account = [kept, now, created]
        let results = [
            result("new", "create", .created, id: created.id),
            result("moved-renamed", "update", .updated, id: moved.id, fields: ["source", "bucket", "secret_access_key"]),
            result("gone", "delete", .deleted, id: gone.id),
            result("kept", "unchanged", .unchanged, id: kept.id),
        ]
        let rollback = RollbackPlanner.plan(
            run: run(results), backup: backup, account: account, secrets: ["gone": ["secret_access_key": "from-file"]])
        let items = rollback.plan.items
        #expect(items.map(\.action) == [.delete, .update, .create])
        #expect(items[0].remoteID == created.id)
        #expect(items[1].renamedFrom == "moved-renamed")
        #expect(items[1].name == "moved")
        #expect(items[1].payload == ["bucket": "before"])
        #expect(items[2].payload["secret_access_key"] == "from-file")
        #expect(items[2].payload["secret_token"] == "t3")
        #expect(rollback.rotatedSecrets == [MissingSecrets(source: "moved", fields: ["secret_access_key"])])
        #expect(rollback.notes.count == 1 && rollback.notes[0].contains("extra_field"))
        #expect(rollback.plan.remote == account)

        let withoutSecrets = RollbackPlanner.plan(run: run(results), backup: backup, account: account)
        #expect(withoutSecrets.missingSecrets == [MissingSecrets(source: "gone", fields: ["secret_access_key"])])
        #expect(withoutSecrets.plan.items.last?.action == .skip)
    }

    @Test func anUnfinishedRunAlsoDeletesCreatesItsJournalNeverHeardOf() {
        let backup = Backup(path: "b.json", exportedAt: "2026-01-01T00:00:00Z", sources: [kept])
        func source(_ name: String, _ id: String, created: String) -> Source {
            Source(name: name, type: "url", credentials: ["url": "u"], id: id, createdAt: created)
        }
        let journaled = source("journaled", "c00000000000000000000001", created: "2026-01-01T00:00:01Z")
        let inFlight = source("in-flight", "c00000000000000000000002", created: "2026-01-01T00:00:02Z")
        let older = source("older", "c00000000000000000000003", created: "2025-12-31T23:59:59Z")
        let later = source("much-later", "c00000000000000000000004", created: "2026-01-01T01:00:00Z")
        let account = [kept, journaled, inFlight, older, later]
        let modified = ISO8601DateFormatter().date(from: "2026-01-01T00:00:03Z") ?? Date()
        let results = [result("journaled", "create", .created, id: journaled.id)]

        let unfinished = RollbackPlanner.plan(run: run(results, outcome: nil, modified: modified), backup: backup, account: account)
        #expect(unfinished.plan.items(.delete).map(\.name) == ["journaled", "in-flight"])
        #expect(unfinished.plan.items[1].problems.first?.contains("in flight") == true)

        let finished = RollbackPlanner.plan(run: run(results, modified: modified), backup: backup, account: account)
        #expect(finished.plan.items(.delete).map(\.name) == ["journaled"])
    }

    @Test func readsReportsAndJournalsAndTheirBackups() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let sources = [Source(name: "a", type: "url", credentials: ["url": "https://x/${NOT_A_VAR}", "secret_token": "t"], id: "i1")]
        try BackupWriter(endpoint: "http://h/v1").write(sources, fetchedAt: Date(timeIntervalSince1970: 0), to: dir.file("b.json"))
        let header = RunHeader(runID: "r1", startedAt: "2026-01-01T00:00:00Z", endpoint: "http://h/v1", inputs: ["a"], backup: "b.json")
        let journal = try ResultJournal(path: dir.file("r.journal.jsonl"), header: header)
        try journal.append(result("x", "update", .updated, id: "i1", fields: ["bucket"]))
        journal.close()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.file("r.journal.jsonl")))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"source": "y", "fi"#.utf8))  // a line cut short by a crash
        try handle.close()
        let fromJournal = try RunRecord.load(path: dir.file("r.journal.jsonl"))
        #expect(fromJournal.outcome == nil && !fromJournal.isComplete)
        #expect(fromJournal.results.map(\.fields) == [["bucket"]])
        #expect(fromJournal.resolvedBackupPath == dir.file("b.json"))

        let report = RunReport(
            header: header, finishedAt: "2026-01-01T00:00:01Z", outcome: .completed,
            results: [result("x", "delete", .deleted, id: "i1")], statistics: RunStatistics())
        try report.write(to: dir.file("r.json"))
        let fromReport = try RunRecord.load(path: dir.file("r.json"))
        #expect(fromReport.isComplete && fromReport.results.first?.status == .deleted)

        let backup = try BackupReader.read(path: dir.file("b.json"))
        #expect(backup.sources == sources)
        #expect(backup.exportedAt == "1970-01-01T00:00:00Z")
        #expect(throws: RollbackInputError.self) { try RunRecord.load(path: dir.file("b.json")) }
    }
}
