import Foundation
import SourcesEmulator
import TestSupport
import Testing

/// `import --check` and `restore --check` against the emulator: a failed check stops the run
/// before anything is written, unless `--skip-failed-checks`, which writes the rest and
/// reports the failed ones `skipped`.
@Suite(.serialized) struct ImportCheckTests {
    struct Setup {
        var emulator: RunningEmulator
        var origin: FakeProvider
        var directory: URL
        var environment: [String: String]

        /// Sources created (POSTs the emulator answered).
        func count() async throws -> Int { try await emulator.stats().requestsByMethod["POST"] ?? 0 }
        /// Every request the emulator received.
        func requests() async throws -> Int { try await emulator.stats().totalRequests }
        func close() async {
            try? await emulator.shutdown()
            await origin.stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// An emulator, a web origin, and `in.csv`: one url source on the origin, one on a closed port.
    static func setUp() async throws -> Setup {
        var configuration = EmulatorConfiguration()
        configuration.addKey("check-key:acme")
        let emulator = try await RunningEmulator.start(configuration)
        let origin = try await FakeProvider.start { _ in FakeProvider.Answer(status: 200) }
        let closed = try await closedPort()
        let directory = try TemporaryDirectory(prefix: "ibsources-check").url
        try "source,source_type,url\nalive,url,\(origin.baseURL)/img/\ngone,url,http://127.0.0.1:\(closed)/img/\n"
            .write(to: directory.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        return Setup(
            emulator: emulator, origin: origin, directory: directory,
            environment: ["IMAGEBOSS_API_KEY": "check-key", "IMAGEBOSS_API_URL": emulator.baseURL])
    }

    @Test func aFailedCheckStopsTheImportBeforeAnyWrite() async throws {
        let setup = try await Self.setUp()
        let run = try CLI.run(
            ["import", "in.csv", "--check", "--yes", "--report", "r.json", "--backup", "b.json"],
            environment: setup.environment, directory: setup.directory)
        let requests = try await setup.requests()
        let wrote = FileManager.default.fileExists(atPath: setup.directory.appendingPathComponent("b.json").path)
        await setup.close()
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("in.csv:3:") && run.stderr.contains("error[check-unreachable]: source 'gone'"))
        #expect(run.stderr.contains("1 source failed the storage check; nothing was sent"))
        #expect(requests == 0)
        #expect(!wrote)
    }

    @Test func skipFailedChecksImportsTheRestAndReportsTheFailedSkipped() async throws {
        let setup = try await Self.setUp()
        let run = try CLI.run(
            [
                "import", "in.csv", "--check", "--skip-failed-checks", "--yes", "--report", "r.json", "--backup",
                "b.json",
            ],
            environment: setup.environment, directory: setup.directory)
        let sources = try await setup.count()
        let report = (try? String(contentsOf: setup.directory.appendingPathComponent("r.json"), encoding: .utf8)) ?? ""
        await setup.close()
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(sources == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        let gone = try #require(results.first { $0["source"] as? String == "gone" })
        #expect(gone["status"] as? String == "skipped")
        #expect((gone["errors"] as? [String])?.first?.contains("check-unreachable") == true)
        #expect(results.first { $0["source"] as? String == "alive" }?["status"] as? String == "created")
    }

    @Test func withoutCheckNothingIsAsked() async throws {
        let setup = try await Self.setUp()
        let run = try CLI.run(
            ["import", "in.csv", "--yes", "--report", "r.json", "--backup", "b.json"],
            environment: setup.environment, directory: setup.directory)
        let sources = try await setup.count()
        let asked = setup.origin.received.count
        let misuse = try CLI.run(
            ["import", "in.csv", "--skip-failed-checks"], environment: setup.environment, directory: setup.directory)
        await setup.close()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(sources == 2 && asked == 0)
        #expect(misuse.status == 2 && misuse.stderr.contains("--skip-failed-checks needs --check"))
    }

    @Test func restoreChecksTooAndStopsBeforeAnyWrite() async throws {
        let setup = try await Self.setUp()
        let stopped = try CLI.run(
            ["restore", "in.csv", "--check", "--yes", "--report", "r.json", "--backup", "b.json"],
            environment: setup.environment, directory: setup.directory)
        let before = try await setup.count()
        let skipped = try CLI.run(
            [
                "restore", "in.csv", "--check", "--skip-failed-checks", "--yes", "--report", "r2.json", "--backup",
                "b2.json",
            ],
            environment: setup.environment, directory: setup.directory)
        let after = try await setup.count()
        await setup.close()
        #expect(stopped.status == 2, "\(stopped.stderr)")
        #expect(before == 0)
        #expect(skipped.status == 0, "\(skipped.stdout)\(skipped.stderr)")
        #expect(after == 1)
    }
}
