import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesEmulator
import SourcesMigration
import Testing
import TestSupport

/// Every printing command, piped into `head -1` with more than the 64 KB a pipe holds, ends
/// quietly: no crash, no backtrace, status 0 or 141 (killed by SIGPIPE, as Unix tools are);
/// and a write run whose reader went away still writes its report whole.
@Suite(.serialized) struct ClosedPipeTests {
    static let count = 1000
    /// Long names, so that each plan line is long too.
    static func name(_ i: Int) -> String { "closed-pipe-source-with-a-rather-long-name-for-the-plan-\(i)" }

    /// Runs `body` with an emulator holding `count` sources created by a real import (whose
    /// report `r.json` a rollback can read), and an empty second account; shut down afterwards.
    private func withFilledEmulator(_ body: (EmulatorHarness, [String: String]) async throws -> Void) async throws {
        try await EmulatorHarness.with({ $0.addKey("second-key:acct2") }) { harness in
            var csv = "source,source_type,bucket,region,access_key_id,secret_access_key\n"
            for i in 1...Self.count { csv += "\(Self.name(i)),s3,bucket-\(i),us-east-1,AKIAEXAMPLE,PipeSecret\(i)\n" }
            try csv.write(toFile: harness.directory.file("in.csv"), atomically: true, encoding: .utf8)
            var invalid = "source,source_type,bucket\n"
            for i in 1...2000 { invalid += "bad name \(i),s3,\n" }
            try invalid.write(toFile: harness.directory.file("invalid.csv"), atomically: true, encoding: .utf8)
            let environment = [
                APIConfiguration.apiKeyVariable: EmulatorHarness.key,
                APIConfiguration.endpointVariable: harness.endpoint,
            ]
            let imported = try CLI.start(
                ["import", "in.csv", "--report", "r.json", "--yes", "--quiet", "--concurrency", "16"],
                environment: environment, outputPath: harness.directory.file("import.out"),
                directory: harness.directory.path)
            let status = await imported.wait()
            #expect(status == 0, "\(imported.output)")
            let export = try CLI.start(
                ["export", "-o", "export.json"], environment: environment,
                outputPath: harness.directory.file("export.out"),
                directory: harness.directory.path)
            #expect(await export.wait() == 0, "\(export.output)")
            try await body(harness, environment)
        }
    }

    @Test func everyPrintingCommandEndsQuietlyWhenItsReaderGoesAway() async throws {
        try await withFilledEmulator { harness, environment in
            let dir = harness.directory.path
            let longPath = "/s/" + String(repeating: "p", count: 100_000) + ".jpg"
            let commands: [(arguments: [String], environment: [String: String], large: Bool)] = [
                (["validate", "invalid.csv"], [:], true),
                (["convert", "in.csv", "--to", "json"], [:], true),
                (["convert", "in.csv", "--to", "xml"], [:], true),
                (["plan", "in.csv", "--verbose"], environment, true),
                (["export"], environment, true),
                (["export", "--format", "yaml"], environment, true),
                (["export", "--format", "csv"], environment, true),
                (["export", "--format", "xml"], environment, true),
                (["rollback", "r.json", "--dry-run"], environment, true),
                (["delete", "--from", "in.csv", "--dry-run"], environment, true),
                (
                    ["restore", "export.json", "--dry-run"],
                    environment.merging([APIConfiguration.apiKeyVariable: "second-key"]) { $1 }, true
                ),
                (["sign-url", longPath], ["IMAGEBOSS_SECRET_TOKEN": "pipe-token"], true),
                (["help"], [:], false),
                (["export", "--help"], [:], false),
            ]
            for command in commands {
                let label = command.arguments.joined(separator: " ").prefix(60)
                if command.large {
                    let size = try ShellPipeline.outputSize(
                        command.arguments, environment: command.environment, directory: dir)
                    #expect(size > 65_536, "\(label): only \(size) bytes, not enough to fill a pipe")
                }
                for _ in 0..<3 {
                    let result = try ShellPipeline.run(
                        command.arguments, environment: command.environment, directory: dir)
                    #expect(
                        [0, 141].contains(result.status),
                        "\(label): status \(result.status)\n\(result.stderr.prefix(2000))")
                    for marker in ShellPipeline.crashMarkers {
                        #expect(!result.stderr.contains(marker), "\(label): \(result.stderr.prefix(2000))")
                    }
                }
            }
        }
    }

    @Test func aWriteRunWhoseReaderIsGoneStillWritesItsReportWhole() async throws {
        try await EmulatorHarness.with { harness in
            let dir = harness.directory
            try Fixtures.writeCSV(dir.file("in.csv"), count: 40, prefix: "gone", secret: "GoneSecret-")
            let environment = [
                APIConfiguration.apiKeyVariable: EmulatorHarness.key,
                APIConfiguration.endpointVariable: harness.endpoint,
            ]
            // `true` exits at once: every write to standard output fails.
            let result = try ShellPipeline.run(
                ["import", "in.csv", "--yes", "--report", "r.json"], into: "true", environment: environment,
                directory: dir.path)
            #expect([0, 141].contains(result.status), "\(result.stderr)")
            for marker in ShellPipeline.crashMarkers { #expect(!result.stderr.contains(marker), "\(result.stderr)") }
            let report = try ResumeState.load(path: dir.file("r.json"))
            #expect(report.resultCount == 40)
            #expect(report.succeeded.count == 40)
            #expect(!FileManager.default.fileExists(atPath: dir.file("r.json.journal.jsonl")))
            #expect(try await harness.account().count == 40)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
                $0.hasSuffix(".tmp")
            }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func serveEndsQuietlyWhenItsReaderIsGone() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: IBSourcesBinary.path)
        process.arguments = ["serve", "--port", "0", "--api-key", "pipe-key"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        var first = Data()
        while !first.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            first.append(chunk)
        }
        #expect(String(decoding: first, as: UTF8.self).hasPrefix("listening on http://127.0.0.1:"))
        try out.fileHandleForReading.close()
        process.terminate()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = String(decoding: errors, as: UTF8.self)
        // "stopped" went to a closed pipe: killed by SIGPIPE, or 0 when the write was buffered.
        #expect(
            process.terminationReason == .exit && process.terminationStatus == 0
                || process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGPIPE,
            "\(process.terminationReason) \(process.terminationStatus): \(stderr)")
        for marker in ShellPipeline.crashMarkers { #expect(!stderr.contains(marker), "\(stderr)") }
    }
}
