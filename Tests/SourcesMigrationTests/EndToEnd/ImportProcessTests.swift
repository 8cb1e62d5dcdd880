import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesEmulator
import SourcesMigration
import Testing
import TestSupport

/// The built binary, killed and interrupted mid-run, against the emulator on a real socket.
@Suite(.serialized) struct ImportProcessTests {
    static let count = 120
    static let secret = "ProcSecret-"

    /// Runs `body` with an emulator that answers each request 60 ms late (so a run can be
    /// stopped midway), shut down (awaited) afterwards.
    private func withSlowEmulator(_ body: (EmulatorHarness) async throws -> Void) async throws {
        try await EmulatorHarness.with({ $0.latencyMilliseconds = 60 }, body)
    }

    private func arguments(_ harness: EmulatorHarness, report: String, extra: [String] = []) -> [String] {
        [
            "import", "in.csv", "--endpoint", harness.endpoint, "--report", report, "--backup", report + ".backup.json",
            "--concurrency", "2", "--yes", "--quiet",
        ] + extra
    }

    @Test func killedWithSIGKILLAndResumedEndsExact() async throws {
        try await withSlowEmulator { harness in
            let dir = harness.directory
            try Fixtures.writeCSV(dir.file("in.csv"), count: Self.count, prefix: "k", secret: Self.secret)
            let environment = [APIConfiguration.apiKeyVariable: EmulatorHarness.key]

            let first = try CLI.start(
                arguments(harness, report: "r1.json"), environment: environment, outputPath: dir.file("out1.txt"),
                directory: dir.path)
            let journal = dir.file("r1.json.journal.jsonl")
            // The header, then an intent line before each create is sent and a result after: 20 results or more.
            #expect(await Fixtures.waitForLines(journal, atLeast: 1 + 2 * 20 + 2))
            first.send(SIGKILL)
            _ = await first.wait()
            #expect(first.process.terminationReason == .uncaughtSignal)
            #expect(!FileManager.default.fileExists(atPath: dir.file("r1.json")))
            let partial = try ResumeState.load(path: journal)
            #expect(partial.succeeded.count >= 20)
            #expect(partial.succeeded.count < Self.count)

            let second = try CLI.start(
                arguments(harness, report: "r2.json", extra: ["--resume", journal]), environment: environment,
                outputPath: dir.file("out2.txt"), directory: dir.path)
            let status = await second.wait()
            #expect(status == 0, "\(second.output)")
            let report = try ResumeState.load(path: dir.file("r2.json"))
            #expect(report.resultCount == Self.count)
            #expect(report.succeeded.count == Self.count)
            for (name, previous) in partial.succeeded {
                #expect(report.succeeded[name]?.id == previous.id)
            }
            let account = try await harness.account()
            #expect(account.count == Self.count)
            #expect(Set(account.map(\.name)).count == Self.count)
            #expect(account.first { $0.name == "k-7" }?.credentials["bucket"] == "bucket-7")
            #expect(try await harness.emulator.stats().count(status: 422) == 0)
            try SecretScan.expectClean(harness, secrets: [Self.secret, EmulatorHarness.key], skipping: ["in.csv"])
        }
    }

    @Test func ctrlCWritesAValidReportAndExits130() async throws {
        try await withSlowEmulator { harness in
            let dir = harness.directory
            try Fixtures.writeCSV(dir.file("in.csv"), count: Self.count, prefix: "c", secret: Self.secret)
            let run = try CLI.start(
                arguments(harness, report: "r.json"),
                environment: [APIConfiguration.apiKeyVariable: EmulatorHarness.key],
                outputPath: dir.file("out.txt"), directory: dir.path)
            // The header, then an intent line before each create is sent and a result after: 10 results or more.
            #expect(await Fixtures.waitForLines(dir.file("r.json.journal.jsonl"), atLeast: 1 + 2 * 10 + 2))
            run.send(SIGINT)
            let status = await run.wait()
            #expect(status == 130, "\(run.output)")
            let data = try Data(contentsOf: URL(fileURLWithPath: dir.file("r.json")))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["outcome"] as? String == "interrupted")
            let results = try #require(object["results"] as? [[String: Any]])
            #expect(results.count == Self.count)
            #expect(Set(results.compactMap { $0["source"] as? String }).count == Self.count)
            let created = results.filter { $0["status"] as? String == "created" }.count
            let skipped = results.filter { $0["status"] as? String == "skipped" }.count
            #expect(created >= 10)
            #expect(skipped > 0)
            #expect(try await harness.account().count == created)
            #expect(!FileManager.default.fileExists(atPath: dir.file("r.json.journal.jsonl")))
            #expect(run.output.contains("--resume r.json"))
        }
    }
}
