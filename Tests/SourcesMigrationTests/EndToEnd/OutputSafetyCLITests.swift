import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesEmulator
import SourcesMigration
import Testing
import TestSupport

/// No command replaces a file it did not create in this run, nor ever one of its inputs;
/// outputs are written whole or not at all (the built binary against the emulator).
@Suite(.serialized) struct OutputSafetyCLITests {
    private func run(
        _ harness: EmulatorHarness, _ arguments: [String], key: String = EmulatorHarness.key,
        environment: [String: String] = [:]
    ) async throws -> (status: Int32?, output: String) {
        let process = try CLI.start(
            arguments,
            environment: [
                APIConfiguration.apiKeyVariable: key, APIConfiguration.endpointVariable: harness.endpoint,
            ].merging(environment) { $1 },
            outputPath: harness.directory.file("out-\(UUID().uuidString).txt"), directory: harness.directory.path)
        let status = await process.wait()
        return (status, process.output)
    }

    private func contents(_ harness: EmulatorHarness, _ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: harness.directory.file(name)))
    }

    private func requests(_ harness: EmulatorHarness) async throws -> Int {
        try await harness.emulator.stats().totalRequests
    }

    private func leftovers(_ harness: EmulatorHarness) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: harness.directory.path).filter { $0.hasSuffix(".tmp") }
    }

    @Test func theCSVTwinIsNamedFromTheWholeReportNameAndNeverReplacesTheInput() async throws {
        try await EmulatorHarness.with { harness in
            try Fixtures.writeCSV(
                harness.directory.file("buckets.csv"), count: 4, prefix: "twin", secret: "TwinSecret-")
            let input = try contents(harness, "buckets.csv")
            let result = try await run(harness, ["import", "buckets.csv", "--report", "buckets.json", "--yes"])
            #expect(result.status == 0, "\(result.output)")
            #expect(try contents(harness, "buckets.csv") == input)
            let twin = try String(contentsOfFile: harness.directory.file("buckets.json.csv"), encoding: .utf8)
            #expect(twin.hasPrefix("source,file,line,action,status"))
            #expect(result.output.contains("buckets.json.csv"))
        }
    }

    @Test func anOutputThatIsAnInputIsRefusedEvenWithForceBeforeAnyRequest() async throws {
        try await EmulatorHarness.with { harness in
            let dir = harness.directory
            try Fixtures.writeCSV(dir.file("same.csv"), count: 3, prefix: "same", secret: "SameSecret-")
            let input = try contents(harness, "same.csv")
            try FileManager.default.createSymbolicLink(atPath: dir.file("link.json"), withDestinationPath: "same.csv")
            try FileManager.default.linkItem(atPath: dir.file("same.csv"), toPath: dir.file("hard.json"))
            let attempts: [[String]] = [
                ["--report", "same.csv"], ["--report", "./same.csv"], ["--report", "link.json", "--force"],
                ["--report", "hard.json", "--force"], ["--backup", "same.csv", "--force"],
                ["--report", dir.file("same.csv")],
            ]
            for extra in attempts {
                let result = try await run(harness, ["import", "same.csv", "--yes"] + extra)
                #expect(result.status == 2, "\(extra): \(result.output)")
                #expect(result.output.contains("one of this run's inputs"), "\(extra): \(result.output)")
                #expect(result.output.contains("nothing was sent"))
            }
            #expect(try contents(harness, "same.csv") == input)
            #expect(try await requests(harness) == 0)

            // restore EXPORT --report EXPORT: the export may be the only backup there is. (The account is
            // empty, so the export holds no record: --allow-empty lets the output check be what refuses.)
            let exported = try await run(harness, ["export", "-o", "acct.json"])
            #expect(exported.status == 0, "\(exported.output)")
            let export = try contents(harness, "acct.json")
            let before = try await requests(harness)
            let restore = try await run(
                harness, ["restore", "acct.json", "--report", "acct.json", "--yes", "--force", "--allow-empty"])
            #expect(restore.status == 2, "\(restore.output)")
            #expect(try contents(harness, "acct.json") == export)
            // --resume, --secrets and the key file are inputs too.
            try "some-source:\n  secret_access_key: abc\n".write(
                toFile: dir.file("secrets.yaml"), atomically: true, encoding: .utf8)
            try EmulatorHarness.key.write(toFile: dir.file("key.txt"), atomically: true, encoding: .utf8)
            for extra in [
                ["--secrets", "secrets.yaml", "--backup", "secrets.yaml"],
                ["--api-key-file", "key.txt", "--report", "key.txt"],
            ] {
                let refused = try await run(
                    harness, ["restore", "acct.json", "--yes", "--force", "--allow-empty"] + extra)
                #expect(refused.status == 2, "\(extra): \(refused.output)")
                #expect(refused.output.contains("one of this run's inputs"), "\(extra): \(refused.output)")
            }
            #expect(try await requests(harness) == before)
            #expect(try leftovers(harness).isEmpty)
        }
    }

    @Test func reusingAReportNameIsRefusedUnlessForcedAndAResumedFileIsNeverReplaced() async throws {
        try await EmulatorHarness.with { harness in
            try Fixtures.writeCSV(harness.directory.file("in.csv"), count: 4, prefix: "again", secret: "AgainSecret-")
            let first = try await run(harness, ["import", "in.csv", "--report", "import.json", "--yes"])
            #expect(first.status == 0, "\(first.output)")
            let report = try contents(harness, "import.json")
            let before = try await requests(harness)
            let second = try await run(harness, ["import", "in.csv", "--report", "import.json", "--yes"])
            #expect(second.status == 2, "\(second.output)")
            #expect(second.output.contains("import.json already exists"))
            #expect(second.output.contains("--force"))
            #expect(try await requests(harness) == before)
            #expect(try contents(harness, "import.json") == report)

            let resumed = try await run(
                harness, ["import", "in.csv", "--report", "import.json", "--resume", "import.json", "--yes", "--force"])
            #expect(resumed.status == 2, "\(resumed.output)")
            #expect(try contents(harness, "import.json") == report)

            let forced = try await run(harness, ["import", "in.csv", "--report", "import.json", "--yes", "--force"])
            #expect(forced.status == 0, "\(forced.output)")
            #expect(try contents(harness, "import.json") != report)
            #expect(try TemporaryDirectory.mode(of: harness.directory.file("import.json")) == 0o600)
            #expect(try leftovers(harness).isEmpty)
        }
    }

    @Test func exportAndConvertRefuseAnExistingFileUnlessForcedAndNeverAnInput() async throws {
        try await EmulatorHarness.with { harness in
            let dir = harness.directory
            try Fixtures.writeCSV(dir.file("in.csv"), count: 2, prefix: "conv", secret: "ConvSecret-")
            try "keep me\n".write(toFile: dir.file("old.json"), atomically: true, encoding: .utf8)
            let refused = try await run(harness, ["export", "-o", "old.json"])
            #expect(refused.status == 2, "\(refused.output)")
            #expect(refused.output.contains("old.json already exists"))
            #expect(try await requests(harness) == 0)
            #expect(try String(contentsOfFile: dir.file("old.json"), encoding: .utf8) == "keep me\n")
            let forced = try await run(harness, ["export", "-o", "old.json", "--force"])
            #expect(forced.status == 0, "\(forced.output)")
            #expect(try String(contentsOfFile: dir.file("old.json"), encoding: .utf8).contains("imageboss-sources"))
            try EmulatorHarness.key.write(toFile: dir.file("key.txt"), atomically: true, encoding: .utf8)
            let overKey = try await run(harness, ["export", "--api-key-file", "key.txt", "-o", "key.txt", "--force"])
            #expect(overKey.status == 2, "\(overKey.output)")
            #expect(try String(contentsOfFile: dir.file("key.txt"), encoding: .utf8) == EmulatorHarness.key)

            let input = try contents(harness, "in.csv")
            let convertOverInput = try await run(
                harness, ["convert", "in.csv", "--to", "csv", "-o", "in.csv", "--force"])
            #expect(convertOverInput.status == 2, "\(convertOverInput.output)")
            #expect(try contents(harness, "in.csv") == input)
            let convertOverOld = try await run(harness, ["convert", "in.csv", "--to", "yaml", "-o", "old.json"])
            #expect(convertOverOld.status == 2, "\(convertOverOld.output)")
            let convertForced = try await run(
                harness, ["convert", "in.csv", "--to", "yaml", "-o", "old.json", "--force"])
            #expect(convertForced.status == 0, "\(convertForced.output)")
            #expect(try leftovers(harness).isEmpty)
        }
    }

    /// `ulimit -f` makes every write past 2 KiB fail (SIGXFSZ ignored: the write fails with EFBIG),
    /// as a full disk does.
    private func limited(_ harness: EmulatorHarness, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", #"trap '' XFSZ; ulimit -f 2; exec "$IBS_BIN" "$@" 2>&1"#, "bash"] + arguments
        var env = ProcessInfo.processInfo.environment
        env["IBS_BIN"] = IBSourcesBinary.path
        env[APIConfiguration.apiKeyVariable] = EmulatorHarness.key
        env[APIConfiguration.endpointVariable] = harness.endpoint
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: harness.directory.path)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func aBackupOrExportThatCannotBeWrittenWholeLeavesNothingBehind() async throws {
        try await EmulatorHarness.with { harness in
            let dir = harness.directory
            for i in 1...30 {
                _ = try await harness.client.create(Fixtures.s3("full-\(i)", bucket: "a-bucket-with-a-long-name-\(i)"))
            }
            try Fixtures.writeCSV(dir.file("more.csv"), count: 3, prefix: "more", secret: "MoreSecret-")
            let failed = try limited(
                harness, ["import", "more.csv", "--backup", "b.json", "--report", "r.json", "--yes"])
            #expect(failed.status == 2, "\(failed.output)")
            #expect(failed.output.contains("cannot write the backup"), "\(failed.output)")
            #expect(!FileManager.default.fileExists(atPath: dir.file("b.json")))
            #expect(try await harness.emulator.stats().count(method: "POST") == 30)
            let export = try limited(harness, ["export", "-o", "e.json"])
            #expect(export.status == 2, "\(export.output)")
            #expect(!FileManager.default.fileExists(atPath: dir.file("e.json")))
            #expect(try leftovers(harness).isEmpty)

            let rerun = try await run(
                harness, ["import", "more.csv", "--backup", "b.json", "--report", "r.json", "--yes"])
            #expect(rerun.status == 0, "\(rerun.output)")
            let backup = try BackupReader.read(path: dir.file("b.json"))
            #expect(backup.sources.count == 30)
        }
    }

    @Test func aPasswordInTheEndpointIsNeverWrittenOrPrinted() async throws {
        try await EmulatorHarness.with { harness in
            let password = "Hunter2Pass"
            let endpoint = harness.endpoint.replacingOccurrences(of: "http://", with: "http://tester:\(password)@")
            try Fixtures.writeCSV(harness.directory.file("in.csv"), count: 3, prefix: "user", secret: "UserSecret-")
            let env = [APIConfiguration.endpointVariable: endpoint]
            let imported = try await run(
                harness, ["import", "in.csv", "--report", "r.json", "--yes"], environment: env)
            #expect(imported.status == 0, "\(imported.output)")
            let exported = try await run(harness, ["export", "-o", "e.json"], environment: env)
            #expect(exported.status == 0, "\(exported.output)")
            let rollback = try await run(harness, ["rollback", "r.json", "--dry-run"], environment: env)
            #expect(rollback.status == 0, "\(rollback.output)")
            let plan = try await run(harness, ["plan", "in.csv"], environment: env)
            let printed = imported.output + exported.output + rollback.output + plan.output
            #expect(!printed.contains(password))
            for (name, text) in try harness.writtenFiles() where name != "in.csv" {
                #expect(!text.contains(password), "\(name)")
            }
            let report = try String(contentsOfFile: harness.directory.file("r.json"), encoding: .utf8)
            #expect(report.contains(#""endpoint": "\#(harness.endpoint)""#))
        }
    }
}
