import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesEmulator
import SourcesMigration
import Testing
import TestSupport

/// What the write commands print for scripts and logs, through the built binary against the
/// emulator: `--output json|jsonl` (parsed here as a script would), `--detailed-exitcode`,
/// `-v`, and the plain progress lines written when stderr is a file.
@Suite struct OutputOptionsCLITests {
    struct Run {
        var status: Int32?
        var stdout: String
        var stderr: String

        /// stdout's lines, each parsed as one JSON object.
        func jsonLines() throws -> [[String: Any]] {
            try stdout.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            }
        }

        /// stdout as exactly one JSON object.
        func json() throws -> [String: Any] {
            let lines = try jsonLines()
            try #require(lines.count == 1, "stdout: \(stdout)\nstderr: \(stderr)")
            return lines[0]
        }
    }

    /// Runs `ibsources arguments…` (and `--endpoint` of the harness unless `offline`) in the harness directory.
    private func run(_ harness: EmulatorHarness, _ arguments: [String], offline: Bool = false) async throws -> Run {
        let id = UUID().uuidString
        let out = harness.directory.file("out-\(id).txt")
        let err = harness.directory.file("err-\(id).txt")
        let process = try CLI.start(
            arguments + (offline ? [] : ["--endpoint", harness.endpoint]),
            environment: [APIConfiguration.apiKeyVariable: EmulatorHarness.key],
            outputPath: out, errorPath: err, directory: harness.directory.path)
        let status = await process.wait()
        return Run(
            status: status, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    /// `count` url sources `prefix-1`… in `name`.
    private func writeInput(_ harness: EmulatorHarness, _ name: String = "in.csv", count: Int, prefix: String = "out")
        throws
    {
        var text = "source,source_type,url\n"
        for i in 1...count { text += "\(prefix)-\(i),url,https://img\(i).example.com\n" }
        try text.write(toFile: harness.directory.file(name), atomically: true, encoding: .utf8)
    }

    @Test func importWithOutputJSONPrintsOneVersionedSummaryObject() async throws {
        try await EmulatorHarness.with { harness in
            try writeInput(harness, count: 3)
            let result = try await run(harness, ["import", "in.csv", "--report", "r.json", "--output", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let summary = try result.json()
            #expect(summary["version"] as? Int == 1)
            #expect(summary["type"] as? String == "summary")
            #expect(summary["command"] as? String == "import")
            #expect(summary["outcome"] as? String == "completed")
            #expect(summary["exit_status"] as? Int == 0)
            #expect(summary["dry_run"] as? Bool == false)
            #expect(summary["changes"] as? Bool == true)
            let counts = try #require(summary["results"] as? [String: Any])
            #expect(counts["created"] as? Int == 3)
            #expect(counts["total"] as? Int == 3)
            #expect(counts["failed"] as? Int == 0)
            #expect(summary["report"] as? String == "r.json")
            #expect(summary["csv"] as? String == RunReport.csvPath(forReport: "r.json"))
            let backup = try #require(summary["backup"] as? String)
            #expect(FileManager.default.fileExists(atPath: harness.directory.file(backup)))
            #expect(summary["resume_from"] is NSNull)
            #expect((summary["failures"] as? [Any])?.isEmpty == true)
            #expect((summary["statistics"] as? [String: Any])?["requests"] as? Int ?? 0 >= 4)
            for key in ["error", "abort_reason", "planned", "plan", "journal"] {
                #expect(summary[key] is NSNull, "\(key)")
            }
            // The text summary is not printed as well.
            #expect(!result.stdout.contains("Import finished"))
        }
    }

    @Test func jsonlStreamsOneResultPerRecordThenTheSummary() async throws {
        try await EmulatorHarness.with { harness in
            try writeInput(harness, count: 4)
            let first = try await run(harness, ["import", "in.csv", "--report", "a.json", "--concurrency", "1"])
            #expect(first.status == 0)
            try writeInput(harness, count: 6)
            let result = try await run(harness, ["import", "in.csv", "--report", "b.json", "--output", "jsonl"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = try result.jsonLines()
            try #require(lines.count == 7, "\(result.stdout)")
            let results = lines.dropLast()
            #expect(results.allSatisfy { $0["type"] as? String == "result" && $0["version"] as? Int == 1 })
            #expect(Set(results.compactMap { $0["source"] as? String }) == Set((1...6).map { "out-\($0)" }))
            #expect(results.filter { $0["status"] as? String == "unchanged" }.count == 4)
            let created = results.filter { $0["status"] as? String == "created" }
            #expect(created.count == 2)
            #expect(created.allSatisfy { $0["id"] is String && $0["file"] as? String == "in.csv" && $0["line"] is Int })
            let summary = try #require(lines.last)
            #expect(summary["type"] as? String == "summary")
            #expect((summary["results"] as? [String: Any])?["created"] as? Int == 2)
        }
    }

    @Test func dryRunWithDetailedExitCodeSaysWhetherThereAreChanges() async throws {
        try await EmulatorHarness.with { harness in
            try writeInput(harness, count: 2)
            let changes = try await run(harness, ["import", "in.csv", "--dry-run", "--detailed-exitcode"])
            #expect(changes.status == 2, "\(changes.stderr)")
            #expect(changes.stdout.contains("Plan: 2 to create"))
            let json = try await run(
                harness, ["import", "in.csv", "--dry-run", "--detailed-exitcode", "--output", "json"])
            #expect(json.status == 2)
            let summary = try json.json()
            #expect(summary["outcome"] as? String == "dry-run")
            #expect(summary["exit_status"] as? Int == 2)
            #expect(summary["changes"] as? Bool == true)
            #expect((summary["planned"] as? [String: Any])?["create"] as? Int == 2)
            #expect((summary["plan"] as? [String: Any])?["create"] as? [String] == ["out-1", "out-2"])
            #expect(json.stderr.isEmpty, "the plan is in the JSON only: \(json.stderr)")
            #expect(try await harness.emulator.stats().count(method: "POST") == 0)

            #expect(try await run(harness, ["import", "in.csv", "--report", "r.json"]).status == 0)
            let none = try await run(harness, ["import", "in.csv", "--dry-run", "--detailed-exitcode"])
            #expect(none.status == 0)
            // Every error is 1, never 2 ("changes"): a missing input, a bad flag value, an unknown flag.
            #expect(try await run(harness, ["import", "missing.csv", "--dry-run", "--detailed-exitcode"]).status == 1)
            #expect(
                try await run(harness, ["import", "in.csv", "--dry-run", "--detailed-exitcode", "--concurrency", "0"])
                    .status == 1)
            #expect(
                try await run(harness, ["import", "in.csv", "--dry-run", "--detailed-exitcode", "--no-such-flag"])
                    .status == 1)
            #expect(try await run(harness, ["plan", "in.csv", "--detailed-exitcode", "--no-such-flag"]).status == 1)
            // Without --dry-run it is a usage error (1, as every error with --detailed-exitcode).
            let misuse = try await run(harness, ["import", "in.csv", "--detailed-exitcode"])
            #expect(misuse.status == 1)
            #expect(misuse.stderr.contains("--detailed-exitcode goes with --dry-run"))
        }
    }

    @Test func everyWriteCommandTakesDryRunDetailedExitCodeAndJSON() async throws {
        try await EmulatorHarness.with { harness in
            try writeInput(harness, count: 2)
            #expect(try await run(harness, ["import", "in.csv", "--report", "r.json"]).status == 0)
            #expect(try await run(harness, ["export", "-o", "acct.json"]).status == 0)
            try writeInput(harness, "more.csv", count: 1, prefix: "extra")
            #expect(try await run(harness, ["import", "more.csv", "--report", "m.json"]).status == 0)

            let delete = try await run(
                harness, ["delete", "out-1", "--dry-run", "--detailed-exitcode", "--output", "json"])
            #expect(delete.status == 2, "\(delete.stderr)")
            #expect(try delete.json()["command"] as? String == "delete")
            let absent = try await run(harness, ["delete", "nope", "--dry-run", "--detailed-exitcode"])
            #expect(absent.status == 0, "\(absent.stdout)\(absent.stderr)")
            let rollback = try await run(
                harness, ["rollback", "r.json", "--dry-run", "--detailed-exitcode", "--output", "json"])
            #expect(rollback.status == 2, "\(rollback.stderr)")
            #expect((try rollback.json()["planned"] as? [String: Any])?["delete"] as? Int == 2)
            let restore = try await run(harness, ["restore", "acct.json", "--dry-run", "--detailed-exitcode"])
            #expect(restore.status == 0, "\(restore.stdout)\(restore.stderr)")
            let prune = try await run(
                harness, ["restore", "acct.json", "--prune", "--dry-run", "--detailed-exitcode", "--output", "json"])
            #expect(prune.status == 2, "\(prune.stderr)")
            #expect((try prune.json()["planned"] as? [String: Any])?["delete"] as? Int == 1)
            let unreadable = try await run(
                harness, ["restore", "nothing-here.json", "--dry-run", "--detailed-exitcode"])
            #expect(unreadable.status == 1, "an error, never 2 ('changes')")

            let deleted = try await run(
                harness, ["delete", "out-1", "--yes", "--report", "d.json", "--output", "json"])
            #expect(deleted.status == 0, "\(deleted.stderr)")
            let summary = try deleted.json()
            #expect(summary["outcome"] as? String == "completed")
            #expect((summary["results"] as? [String: Any])?["deleted"] as? Int == 1)
            let notConfirmed = try await run(harness, ["delete", "out-2", "--output", "json"])
            #expect(notConfirmed.status == 2)
            #expect(try notConfirmed.json()["outcome"] as? String == "not-confirmed")
            let nothing = try await run(harness, ["rollback", "d.json", "--dry-run", "--output", "jsonl"])
            #expect(try nothing.json()["outcome"] as? String == "dry-run")
        }
    }

    @Test func verboseNamesEachSourceAndKeepsTheSummaryLast() async throws {
        try await EmulatorHarness.with { harness in
            try writeInput(harness, count: 3)
            let result = try await run(harness, ["import", "in.csv", "--report", "r.json", "-v"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            let named = lines.filter { $0.hasPrefix("created   ") }
            #expect(Set(named.map { String($0.dropFirst(10).prefix { $0 != " " }) }) == ["out-1", "out-2", "out-3"])
            #expect(named.allSatisfy { $0.contains("(id ") })
            let summaryLine = try #require(lines.firstIndex { $0.hasPrefix("Import finished: ") })
            #expect(
                lines[..<summaryLine].filter { $0.hasPrefix("created   ") }.count == 3, "names come before the summary")

            let deleted = try await run(
                harness, ["delete", "out-2", "--yes", "--report", "d.json", "--verbose", "--output", "json"])
            #expect(deleted.status == 0)
            #expect(deleted.stderr.contains("deleted   out-2 (id "))
            #expect(try deleted.json()["command"] as? String == "delete", "stdout holds the JSON only")
        }
    }

    @Test func exportConvertAndSignURLReportInJSON() async throws {
        try await EmulatorHarness.with { harness in
            try writeInput(harness, count: 2)
            #expect(try await run(harness, ["import", "in.csv", "--report", "r.json"]).status == 0)
            let export = try await run(
                harness, ["export", "-o", "acct.yaml", "--format", "yaml", "--output-format", "json"])
            #expect(export.status == 0, "\(export.stderr)")
            let summary = try export.json()
            #expect(summary["command"] as? String == "export")
            #expect(summary["count"] as? Int == 2)
            #expect(summary["path"] as? String == "acct.yaml")
            #expect(summary["format"] as? String == "yaml")
            let misuse = try await run(harness, ["export", "--output-format", "json"])
            #expect(misuse.status == 2)
            #expect(misuse.stderr.contains("without -o"))

            let convert = try await run(
                harness, ["convert", "in.csv", "--to", "json", "-o", "in.json", "--output-format", "json"],
                offline: true)
            #expect(try convert.json()["count"] as? Int == 2)

            let signed = try await run(harness, ["sign-url", "/out-1/width/100/a.jpg", "--output", "json"])
            #expect(signed.status == 0, "\(signed.stderr)")
            let url = try signed.json()
            #expect(url["type"] as? String == "signed-url")
            #expect(
                (url["url"] as? String)?.hasPrefix("https://img.imageboss.me/out-1/width/100/a.jpg?bossToken=") == true)
            #expect(url["source"] as? String == "out-1")
        }
    }

    @Test func withoutATerminalPlainProgressLinesArriveEveryInterval() async throws {
        try await EmulatorHarness.with({ $0.latencyMilliseconds = 150 }) { harness in
            try writeInput(harness, count: 16)
            let started = ContinuousClock.now
            let result = try await run(
                harness, ["import", "in.csv", "--report", "r.json", "--concurrency", "1", "--progress-interval", "0.5"])
            let elapsed = ContinuousClock.now - started
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("progress ") }
            // 16 writes at 75-225 ms each take at least 1.2 s: at least two lines every 0.5 s.
            #expect(lines.count >= 2, "\(result.stderr) after \(elapsed)")
            #expect(lines.allSatisfy { $0.contains("/16 · ") && $0.contains(" created, ") })
            #expect(!result.stderr.contains("\r"), "no carriage return in a file")
            #expect(!result.stderr.contains("\u{1B}"), "no escape sequence in a file")

            try writeInput(harness, count: 16, prefix: "quiet")
            let quiet = try await run(
                harness,
                [
                    "import", "in.csv", "--report", "q.json", "--concurrency", "1", "--progress-interval", "0.5",
                    "--quiet",
                ])
            #expect(quiet.status == 0)
            #expect(!quiet.stderr.contains("progress "), "\(quiet.stderr)")
            try writeInput(harness, count: 16, prefix: "none")
            let none = try await run(
                harness, ["import", "in.csv", "--report", "n.json", "--concurrency", "1", "--progress-interval", "0"])
            #expect(none.status == 0)
            #expect(!none.stderr.contains("progress "), "\(none.stderr)")
        }
    }
}
