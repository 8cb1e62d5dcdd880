import Foundation
import SourcesCore
import SourcesMigration
import TestSupport
import Testing

/// The inverse plan, from results, a backup and the account as it is now (no network).
@Suite struct RollbackPlannerTests {
    private let kept = Fixtures.remote(
        Fixtures.url("kept", url: "https://k.example.com"), id: "a00000000000000000000001", secretToken: "t1")
    private let moved = Fixtures.remote(
        Fixtures.s3("moved", bucket: "before"), id: "a00000000000000000000002", secretToken: "t2")
    private let gone = Fixtures.remote(Fixtures.s3("gone"), id: "a00000000000000000000003", secretToken: "t3")

    private func run(_ results: [RecordResult], outcome: String? = "completed", modified: Date = Date()) -> RunRecord {
        RunRecord(
            path: "r.json", runID: "run", endpoint: "http://127.0.0.1:1/v1", inputs: ["in.csv"], backup: "b.json",
            resumedFrom: nil, outcome: outcome, results: results, modifiedAt: modified)
    }

    private func result(
        _ name: String, _ action: PlanAction, _ status: ResultStatus, id: String?, fields: [String]? = nil
    )
        -> RecordResult
    {
        RecordResult(
            source: name, file: "in.csv", line: 2, action: action, status: status, id: id, attempts: 1, fields: fields)
    }

    @Test func createsAreDeletedUpdatesAndRenamesRestoredDeletesRecreated() {
        let backup = Backup(path: "b.json", exportedAt: "2026-01-01T00:00:00Z", sources: [kept, moved, gone])
        var now = moved
        now.name = "moved-renamed"
        now.credentials["bucket"] = "after"
        now.credentials["extra_field"] = "added"
        let created = Source(
            name: "new", type: "url", credentials: ["url": "u"], id: "b00000000000000000000001",
            createdAt: "2026-01-01T00:00:05Z")
        let account = [kept, now, created]
        let results = [
            result("new", .create, .created, id: created.id),
            result(
                "moved-renamed", .update, .updated, id: moved.id, fields: ["source", "bucket", "secret_access_key"]),
            result("gone", .delete, .deleted, id: gone.id),
            result("kept", .unchanged, .unchanged, id: kept.id),
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
        // A field the run added that no value can remove, and a secret it changed: not exact.
        #expect(rollback.unresolved.count == 2)
        #expect(rollback.unresolved.contains { $0.hasPrefix("moved: extra_field did not exist before the run") })
        #expect(rollback.unresolved.contains { $0.contains("moved: the run changed secret_access_key") })
        #expect(rollback.plan.remote == account)

        let withoutSecrets = RollbackPlanner.plan(run: run(results), backup: backup, account: account)
        #expect(withoutSecrets.missingSecrets == [MissingSecrets(source: "gone", fields: ["secret_access_key"])])
        #expect(withoutSecrets.plan.items.last?.action == .skip)
    }

    @Test func onlyWhatTheRunRecordedAsCreatedIsDeletedWhateverItsTiming() {
        let backup = Backup(path: "b.json", exportedAt: "2026-01-01T00:00:00Z", sources: [kept])
        func source(_ name: String, _ id: String, url: String = "u", created: String) -> Source {
            Source(name: name, type: "url", credentials: ["url": url], id: id, createdAt: created)
        }
        let journaled = source("journaled", "c00000000000000000000001", created: "2026-01-01T00:00:01Z")
        // In flight at the crash: its intent is in the journal, its result is not.
        let inFlight = source("in-flight", "c00000000000000000000002", created: "2026-01-01T00:00:02Z")
        // Someone else's, created a second later, with a name the run never used.
        let intruder = source("intruder", "c00000000000000000000003", created: "2026-01-01T00:00:03Z")
        // A name the run tried to create, but the account's source has other values.
        let lookalike = source("lookalike", "c00000000000000000000004", url: "other", created: "2026-01-01T00:00:02Z")
        // Created by the run, renamed since: the id matches, the name does not.
        let renamed = source("renamed-since", "c00000000000000000000005", created: "2026-01-01T00:00:01Z")
        let account = [kept, journaled, inFlight, intruder, lookalike, renamed]
        let modified = ISO8601DateFormatter().date(from: "2026-01-01T00:00:03Z") ?? Date()
        let results = [
            result("journaled", .create, .created, id: journaled.id),
            result("was-named", .create, .created, id: renamed.id),
        ]
        let intents = ["in-flight", "lookalike"].map { name in
            CreateIntent(of: Source(name: name, type: "url", credentials: ["url": "u"]), file: "in.csv", line: 9)
        }
        var unfinished = run(results, outcome: nil, modified: modified)
        unfinished.intents = intents
        let rollback = RollbackPlanner.plan(run: unfinished, backup: backup, account: account)
        #expect(rollback.plan.items(.delete).map(\.name) == ["journaled", "in-flight"])
        #expect(rollback.plan.items(.delete)[1].problems.first?.contains("never heard the answer") == true)
        let leftAlone = rollback.plan.items(.skip)
        #expect(leftAlone.map(\.name) == ["renamed-since", "intruder", "lookalike"])
        #expect(
            leftAlone[1].problems == [
                "not there before the run, and not recorded as created by it: not ours, left alone"
            ])
        #expect(leftAlone[2].problems.first?.contains("other values: not ours, left alone") == true)
        #expect(rollback.unresolved.count == 1 && rollback.unresolved[0].hasPrefix("renamed-since: created by the run"))

        // The same account, the run finished and recorded nothing in flight: only its recorded create goes.
        let finished = RollbackPlanner.plan(
            run: run(Array(results.prefix(1)), modified: modified), backup: backup, account: account)
        #expect(finished.plan.items(.delete).map(\.name) == ["journaled"])
        #expect(finished.plan.items(.skip).count == 4)
    }

    @Test func aFieldTheRunAddedGetsTheValueThatBehavesAsItsAbsence() {
        let plain = Fixtures.remote(
            Fixtures.url("plain", url: "https://p.example.com"), id: "a00000000000000000000009", secretToken: "t9")
        var now = plain
        now.credentials["require_token"] = "true"
        let backup = Backup(path: "b.json", exportedAt: nil, sources: [plain])
        let results = [result("plain", .update, .updated, id: plain.id, fields: ["require_token"])]
        let rollback = RollbackPlanner.plan(run: run(results), backup: backup, account: [now])
        #expect(rollback.unresolved.isEmpty)
        #expect(rollback.plan.items.map(\.action) == [.update])
        #expect(rollback.plan.items[0].payload == ["require_token": "false"])

        // The secret the run changed comes back when --secrets gives its earlier value.
        let s3 = Fixtures.remote(Fixtures.s3("keys"), id: "a0000000000000000000000a", secretToken: "ta")
        let rotated = [result("keys", .update, .updated, id: s3.id, fields: ["secret_access_key"])]
        let given = RollbackPlanner.plan(
            run: run(rotated), backup: Backup(path: "b.json", exportedAt: nil, sources: [s3]), account: [s3],
            secrets: ["keys": ["secret_access_key": "the-old-secret"]])
        #expect(given.unresolved.isEmpty && given.rotatedSecrets.isEmpty)
        #expect(given.plan.items.first?.payload == ["secret_access_key": "the-old-secret"])
    }

    @Test func readsReportsAndJournalsAndTheirBackups() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let sources = [
            Source(
                name: "a", type: "url", credentials: ["url": "https://x/${NOT_A_VAR}", "secret_token": "t"], id: "i1")
        ]
        try BackupWriter(endpoint: "http://h/v1").write(
            sources, fetchedAt: Date(timeIntervalSince1970: 0), to: dir.file("b.json"))
        let header = RunHeader(
            runID: "r1", startedAt: "2026-01-01T00:00:00Z", endpoint: "http://h/v1", inputs: ["a"], backup: "b.json")
        let journal = try ResultJournal(path: dir.file("r.journal.jsonl"), header: header)
        try journal.append(result("x", .update, .updated, id: "i1", fields: ["bucket"]))
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
            results: [result("x", .delete, .deleted, id: "i1")], statistics: RunStatistics())
        try report.write(to: dir.file("r.json"))
        let fromReport = try RunRecord.load(path: dir.file("r.json"))
        #expect(fromReport.isComplete && fromReport.results.first?.status == .deleted)

        let backup = try BackupReader.read(path: dir.file("b.json"))
        #expect(backup.sources == sources)
        #expect(backup.exportedAt == "1970-01-01T00:00:00Z")
        #expect(throws: RollbackInputError.self) { try RunRecord.load(path: dir.file("b.json")) }
    }
}
