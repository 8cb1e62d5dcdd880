import Foundation
import SourcesMigration
import TestSupport
import Testing

@Suite struct OutputPolicyTests {
    private func output(_ path: String, _ role: String = "report") -> PlannedOutput {
        PlannedOutput(path: path, role: role, flag: "--report")
    }

    @Test func anExistingFileIsRefusedUnlessForcedAndAnInputAlways() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try "input".write(toFile: dir.file("in.csv"), atomically: true, encoding: .utf8)
        try "old".write(toFile: dir.file("old.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.file("link"), withDestinationPath: dir.file("in.csv"))
        try FileManager.default.linkItem(atPath: dir.file("in.csv"), toPath: dir.file("hard"))
        let plain = OutputPolicy(inputs: [dir.file("in.csv")])
        let forced = OutputPolicy(force: true, inputs: [dir.file("in.csv")])
        #expect(throws: OutputRefusal(output: output(dir.file("old.json")), reason: .exists)) {
            try plain.check([output(dir.file("old.json"))])
        }
        try forced.check([output(dir.file("old.json"))])
        for spelling in [dir.file("in.csv"), dir.path + "/./in.csv", dir.file("link"), dir.file("hard")] {
            #expect(throws: OutputRefusal.self) { try forced.check([output(spelling)]) }
            let refusal = try #require(throws: OutputRefusal.self) { try forced.check([output(spelling)]) }
            #expect(refusal.reason == .isInput(dir.file("in.csv")))
            #expect(refusal.description.contains("one of this run's inputs"))
        }
        try plain.check([output(dir.file("new.json"))])
    }

    @Test func twoOutputsOnOneFileAndAMissingDirectoryAreRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let policy = OutputPolicy()
        let same = try #require(throws: OutputRefusal.self) {
            try policy.check([output(dir.file("r.json")), output(dir.path + "/./r.json", "backup")])
        }
        #expect(same.reason == .sameAs("report"))
        let missing = try #require(throws: OutputRefusal.self) { try policy.check([output(dir.file("no/r.json"))]) }
        #expect(missing.reason == .noDirectory)
    }

    @Test func aWriteIsWholeAndNeverReplacesAFileThatAppearedSinceTheCheck() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("r.json")
        try OutputPolicy().write("first\n", to: output(path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        let refused = try #require(throws: FileWriteError.self) {
            try OutputPolicy().write("second\n", to: output(path))
        }
        #expect(refused.description.contains("already exists"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
        try OutputPolicy(force: true).write("third\n", to: output(path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "third\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.json"])
    }

    @Test func aForcedJournalReplacesASymlinkInsteadOfWritingThroughIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try "precious".write(toFile: dir.file("precious.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: dir.file("r.json.journal.jsonl"), withDestinationPath: dir.file("precious.txt"))
        let header = RunHeader(runID: "x", startedAt: "t", endpoint: "e", inputs: [])
        #expect(throws: FileWriteError.self) {
            try ResultJournal(path: dir.file("r.json.journal.jsonl"), header: header)
        }
        let journal = try ResultJournal(
            path: dir.file("r.json.journal.jsonl"), header: header, outputs: OutputPolicy(force: true))
        journal.close()
        #expect(try String(contentsOfFile: dir.file("precious.txt"), encoding: .utf8) == "precious")
        let written = try String(contentsOfFile: dir.file("r.json.journal.jsonl"), encoding: .utf8)
        #expect(written.contains(ResultJournal.kind))
        #expect(try TemporaryDirectory.mode(of: dir.file("r.json.journal.jsonl")) == 0o600)
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // A directory at the target: the final link fails after the temporary file was written.
        try FileManager.default.createDirectory(atPath: dir.file("taken"), withIntermediateDirectories: false)
        #expect(throws: FileWriteError.self) {
            try PrivateFile.publish("data", to: dir.file("taken"), replacing: true)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["taken"])
    }

    @Test func derivedNamesKeepTheWholeReportName() {
        #expect(RunReport.csvPath(forReport: "buckets.json") == "buckets.json.csv")
        #expect(ResultJournal.path(forReport: "k9.json") == "k9.json.journal.jsonl")
        #expect(RunReport.csvPath(forReport: "buckets.csv") == "buckets.csv.csv")
    }
}
