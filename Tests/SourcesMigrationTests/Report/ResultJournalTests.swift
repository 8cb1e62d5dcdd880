import Foundation
import SourcesCore
import SourcesMigration
import TestSupport
import Testing

@Suite struct ResultJournalTests {
    @Test func aJournalCutShortByACrashStillResumes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = ResultJournal.path(forReport: dir.file("r.json"))
        #expect(path == dir.file("r.json.journal.jsonl"))
        let journal = try ResultJournal(
            path: path, header: RunHeader(runID: "x", startedAt: "t", endpoint: "e", inputs: ["in.csv"]))
        try journal.append(
            RecordResult(source: "a", file: "in.csv", line: 2, action: .create, status: .created, id: "1", attempts: 1))
        try journal.append(
            RecordResult(source: "b", file: "in.csv", line: 3, action: .create, status: .failed, attempts: 6))
        try journal.append(
            RecordResult(source: "c", file: "in.csv", line: 4, action: .update, status: .updated, id: "3", attempts: 2))
        journal.close()
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        // A crash in the middle of a line.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"source": "d", "file": "in.cs"#.utf8))
        handle.closeFile()
        let state = try ResumeState.load(path: path)
        #expect(Set(state.succeeded.keys) == ["a", "c"])
        #expect(state.succeeded["c"]?.attempts == 2)
        #expect(state.resultCount == 3)
    }

    @Test func somethingElseIsRefusedWithAReason() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("x.json")
        try Data(#"{"kind": "imageboss-sources", "version": 1, "sources": []}"#.utf8).write(
            to: URL(fileURLWithPath: path))
        #expect(throws: ResumeError.self) { try ResumeState.load(path: path) }
        #expect(throws: ResumeError.self) { try ResumeState.load(path: dir.file("missing.json")) }
    }

    @Test func resumeMarksDoneItemsAsSkippedAndCarriesTheirResults() throws {
        let plan = Planner().plan(
            [Fixtures.record(Fixtures.url("a")), Fixtures.record(Fixtures.url("b"), line: 3)], remote: [])
        let previous = RecordResult(
            source: "a", file: "old.csv", line: 9, action: .create, status: .created, id: "id-a", attempts: 2)
        let state = ResumeState(path: "r.json", succeeded: ["a": previous], resultCount: 2)
        let (resumed, carried) = state.apply(to: plan)
        #expect(resumed.items.map(\.action) == [.skip, .create])
        #expect(carried[0]?.status == .created)
        #expect(carried[0]?.file == "in.csv" && carried[0]?.line == 2)
    }

    @Test func aCreateInFlightWhenTheRunDiedIsCarriedByTheResumeWhenTheAccountHoldsWhatItSent() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let landed = Fixtures.url("landed", url: "https://l.example.com")
        let other = Fixtures.url("other", url: "https://o.example.com")
        let path = dir.file("r.journal.jsonl")
        let journal = try ResultJournal(
            path: path, header: RunHeader(runID: "x", startedAt: "t", endpoint: "e", inputs: ["in.csv"]))
        try journal.append(CreateIntent(of: landed, file: "in.csv", line: 2))
        try journal.append(CreateIntent(of: other, file: "in.csv", line: 3))
        journal.close()  // killed: two creates in flight, no result
        let state = try ResumeState.load(path: path)
        #expect(state.succeeded.isEmpty && Set(state.unsettled.keys) == ["landed", "other"])

        // The account holds `landed` as sent, and `other` with another url (someone else's).
        var changed = Fixtures.remote(other, id: "id-o")
        changed.credentials["url"] = "https://elsewhere.example.com"
        let remote = [Fixtures.remote(landed, id: "id-l"), changed]
        let plan = Planner().plan([Fixtures.record(landed), Fixtures.record(other, line: 3)], remote: remote)
        let (resumed, carried) = state.apply(to: plan)
        #expect(resumed.items.map(\.action) == [.skip, .update])
        #expect(carried[0]?.status == .created && carried[0]?.id == "id-l" && carried[0]?.action == .create)
        #expect(carried[1] == nil)
    }
}
