import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesEmulator
import SourcesMigration
import Testing
import TestSupport

/// Exit codes and outputs of `plan` and `import` (the built binary against the emulator).
@Suite struct PlanAndImportCLITests {
    private func run(_ harness: EmulatorHarness, _ arguments: [String], key: String = EmulatorHarness.key) async throws
        -> (status: Int32?, output: String)
    {
        let process = try CLI.start(
            arguments, environment: [APIConfiguration.apiKeyVariable: key],
            outputPath: harness.directory.file("out-\(UUID().uuidString).txt"), directory: harness.directory.path)
        let status = await process.wait()
        return (status, process.output)
    }

    private func writeInput(_ harness: EmulatorHarness, invalidRow: Bool = false) throws {
        var text = "source,source_type,bucket,region,access_key_id,secret_access_key,url\n"
        text += "cli-1,s3,bucket-1,us-east-1,AKIAEXAMPLE,CliSecret-1,\n"
        text += "cli-2,url,,,,,https://img2.example.com\n"
        if invalidRow { text += "cli-3,s3,,us-east-1,AKIAEXAMPLE,CliSecret-3,\n" }
        try text.write(toFile: harness.directory.file("in.csv"), atomically: true, encoding: .utf8)
    }

    @Test func planShowsChangesWithTerraformExitCodes() async throws {
        try await EmulatorHarness.with { harness in
            try writeInput(harness)
            let endpoint = ["--endpoint", harness.endpoint]
            let first = try await run(harness, ["plan", "in.csv", "--detailed-exitcode"] + endpoint)
            #expect(first.status == 2)
            #expect(first.output.contains("+ create     cli-1 (s3)"))
            let json = try await run(harness, ["plan", "in.csv", "--output", "json"] + endpoint)
            #expect(json.status == 0)
            #expect(json.output.contains(#""create": ["#))
            #expect(try await harness.emulator.stats().count(method: "POST") == 0)

            let dry = try await run(harness, ["import", "in.csv", "--dry-run"] + endpoint)
            #expect(dry.status == 0)
            #expect(dry.output.contains("Plan: 2 to create, 0 to update, 0 unchanged."))
            #expect(try await harness.emulator.stats().count(method: "POST") == 0)

            let real = try await run(harness, ["import", "in.csv", "--report", "r.json"] + endpoint)
            #expect(real.status == 0, "\(real.output)")
            let after = try await run(harness, ["plan", "in.csv", "--detailed-exitcode"] + endpoint)
            #expect(after.status == 0)
            #expect(!(first.output + json.output + dry.output + real.output + after.output).contains("CliSecret"))
        }
    }

    @Test func invalidRecordsStopEverythingUnlessSkipped() async throws {
        try await EmulatorHarness.with { harness in
            try writeInput(harness, invalidRow: true)
            let endpoint = ["--endpoint", harness.endpoint]
            let plan = try await run(harness, ["plan", "in.csv"] + endpoint)
            #expect(plan.status == 1)
            #expect(plan.output.contains("in.csv:4:"))
            let stopped = try await run(harness, ["import", "in.csv"] + endpoint)
            #expect(stopped.status == 2)
            #expect(try await harness.emulator.stats().totalRequests == 0)

            let skipped = try await run(
                harness, ["import", "in.csv", "--skip-invalid", "--report", "r.json"] + endpoint)
            #expect(skipped.status == 0, "\(skipped.output)")
            let report = try String(contentsOfFile: harness.directory.file("r.json"), encoding: .utf8)
            #expect(
                report.contains(
                    #""source": "cli-3", "file": "in.csv", "line": 4, "action": "skip", "status": "skipped""#))
            #expect(report.contains("missing-credential"))
            #expect(try await harness.account().count == 2)
        }
    }

    @Test func aRefusedKeyIsSaidPlainlyAndExits3() async throws {
        try await EmulatorHarness.with { harness in
            try writeInput(harness)
            let refused = try await run(
                harness, ["import", "in.csv", "--endpoint", harness.endpoint], key: "wrong-key-123")
            #expect(refused.status == 3)
            #expect(refused.output.contains("refused"))
            #expect(!refused.output.contains("wrong-key-123"))
            #expect(try await harness.emulator.stats().totalRequests == 1)
        }
    }

    @Test func plainHTTPToARemoteHostIsRefusedBeforeAnyRequest() async throws {
        try await EmulatorHarness.with { harness in
            try writeInput(harness)
            let refused = try await run(harness, ["import", "in.csv", "--endpoint", "http://example.com/v1"])
            #expect(refused.status == 2)
            #expect(refused.output.contains("--allow-http"))
        }
    }
}
