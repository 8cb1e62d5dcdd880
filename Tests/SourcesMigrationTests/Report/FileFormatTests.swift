import Foundation
import SourcesCore
import SourcesMigration
import TestSupport
import Testing

/// Each file a run writes and a later command reads back (the report, the journal, the
/// backup's export envelope) is read by the reader beside its writer, round trip, and a file of
/// a newer version is refused with what to do. A file without `version` (none is written so
/// today, but one edited by hand may be) is read as version 1.
@Suite struct FileFormatTests {
    private let header = RunHeader(
        runID: "run-1", startedAt: "2026-12-01T10:00:00Z", endpoint: "http://127.0.0.1:1/v1",
        inputs: ["in.csv", "b.yaml"],
        backup: "backup.json", resumedFrom: "earlier.json")
    private let results = [
        RecordResult(
            source: "a", file: "in.csv", line: 2, action: .create, status: .created, id: "i1", attempts: 1,
            httpStatus: 201),
        RecordResult(
            source: "b \"quoted\"\n", file: "in.csv", line: 3, action: .update, status: .failed, id: "i2", attempts: 3,
            httpStatus: 422, errors: ["bad", "worse"], fields: ["bucket", "source"]),
        RecordResult(
            source: "c", file: "b.yaml", line: 4, action: .create, status: .failed, attempts: 1,
            fields: ["url"], fingerprint: "abc123"),
        RecordResult(source: "d", file: "b.yaml", line: 9, action: .delete, status: .deleted, id: "i4", attempts: 1),
    ]

    private func write(_ text: String, _ name: String, in dir: TemporaryDirectory) throws -> String {
        let path = dir.file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func expectHeader(_ run: RunRecord) {
        #expect(run.runID == header.runID)
        #expect(run.endpoint == header.endpoint)
        #expect(run.inputs == header.inputs)
        #expect(run.backup == header.backup)
        #expect(run.resumedFrom == header.resumedFrom)
    }

    @Test func theReportReadsBackAsItWasWritten() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var statistics = RunStatistics()
        statistics.requests = 7
        let report = RunReport(
            header: header, finishedAt: "2026-12-01T10:01:00Z", outcome: .interrupted, results: results,
            statistics: statistics)
        let path = dir.file("r.json")
        try report.write(to: path)
        let run = try RunRecord.load(path: path)
        expectHeader(run)
        #expect(run.outcome == "interrupted")
        #expect(run.results == results)
        #expect(run.intents.isEmpty)
    }

    @Test func theJournalReadsBackAsItWasWritten() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("r.json.journal.jsonl")
        let journal = try ResultJournal(path: path, header: header)
        let intent = CreateIntent(source: "e", file: "in.csv", line: 7, fields: ["url"], fingerprint: "f00d")
        try journal.append(results[0])
        try journal.append(intent)
        for result in results.dropFirst() { try journal.append(result) }
        journal.close()
        let run = try RunRecord.load(path: path)
        expectHeader(run)
        #expect(run.outcome == nil)
        #expect(run.results == results)
        #expect(run.intents == [intent])
    }

    @Test func theBackupReadsBackAsItWasWritten() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let sources = [
            Source(
                name: "a", type: "s3", credentials: ["bucket": "b", "secret_access_key": "****", "note": "${X}"],
                id: "i1", createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-02T00:00:00Z"),
            Source(name: "web \"x\"", type: "url", credentials: ["url": "https://e.example.com/ü"], id: "i2"),
        ]
        let path = dir.file("backup.json")
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        try BackupWriter(endpoint: "https://user:pw@api.example.com/v1").write(sources, fetchedAt: at, to: path)
        let backup = try BackupReader.read(path: path)
        #expect(backup.sources == sources)
        #expect(backup.exportedAt == Timestamp.iso8601(at))
    }

    @Test func aReportOrJournalOfANewerVersionIsRefusedWithWhatToDo() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let report = RunReport(
            header: header, finishedAt: "t", outcome: .completed, results: results, statistics: RunStatistics())
        let newerReport = try write(
            report.json().replacingOccurrences(of: #""version": 1,"#, with: #""version": 2,"#), "newer.json", in: dir)
        let journalPath = dir.file("j.journal.jsonl")
        let journal = try ResultJournal(path: journalPath, header: header)
        try journal.append(results[0])
        journal.close()
        let journalText = try String(contentsOfFile: journalPath, encoding: .utf8)
        let newerJournal = try write(
            journalText.replacingOccurrences(of: #""version": 1,"#, with: #""version": 3,"#), "newer.journal.jsonl",
            in: dir)
        for (path, format, version) in [(newerReport, "report", "2"), (newerJournal, "journal", "3")] {
            #expect {
                _ = try RunRecord.load(path: path)
            } throws: { error in
                let text = "\(error)"
                return text.contains("\(format) of version \(version)") && text.contains("upgrade ibsources")
            }
            #expect {
                _ = try ResumeState.load(path: path)
            } throws: { error in
                "\(error)".contains("upgrade ibsources")
            }
        }
    }

    @Test func aReportOrJournalWithoutAVersionIsReadAsVersion1() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let report = RunReport(
            header: header, finishedAt: "t", outcome: .completed, results: results, statistics: RunStatistics())
        let unversioned = try write(
            report.json().replacingOccurrences(of: "  \"version\": 1,\n", with: ""), "old.json", in: dir)
        #expect(try RunRecord.load(path: unversioned).results == results)
        let journalPath = dir.file("old.journal.jsonl")
        let journal = try ResultJournal(path: journalPath, header: header)
        try journal.append(results[0])
        journal.close()
        let text = try String(contentsOfFile: journalPath, encoding: .utf8)
        let old = try write(text.replacingOccurrences(of: #""version": 1, "#, with: ""), "old2.journal.jsonl", in: dir)
        #expect(try RunRecord.load(path: old).results == [results[0]])
    }

    @Test func aBackupOfANewerVersionIsRefusedAndOneWithoutAVersionIsRead() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = JSONSourcesWriter().render(
            [Source(name: "a", type: "url", credentials: ["url": "https://a"])], metadata: ExportMetadata())
        let newer = try write(
            text.replacingOccurrences(of: #""version": 1,"#, with: #""version": 2,"#), "newer.json", in: dir)
        #expect {
            _ = try BackupReader.read(path: newer)
        } throws: { error in
            "\(error)".contains("export of version 2") && "\(error)".contains("upgrade ibsources")
        }
        let unversioned = try write(text.replacingOccurrences(of: "  \"version\": 1,\n", with: ""), "old.json", in: dir)
        #expect(try BackupReader.read(path: unversioned).sources.map(\.name) == ["a"])
    }
}
