import Foundation
import SourcesAPI
import SourcesCore
import SourcesEmulator
import SourcesHTTP
import SourcesMigration
import Testing
import TestSupport

/// Two imports of the same records at the same time (two operators, or a CI job and a
/// person): every `422 … already been taken` is settled by looking the name up, so both
/// runs succeed and the account ends exact.
@Suite(.serialized) struct TwoWritersTests {
    @Test func twoUploadersOfTheSameRecordsAtOnceBothSucceedAndTheAccountIsExact() async throws {
        try await EmulatorHarness.with({ $0.latencyMilliseconds = 2 }) { harness in
            let records = Fixtures.many(300)
            let first = harness.session("first", upload: UploadSettings(concurrency: 6))
            let second = harness.session("second", upload: UploadSettings(concurrency: 6))
            // Both plan against the empty account: each will try to create all 300.
            let planA = try await first.prepare(records)
            let planB = try await second.prepare(records)
            #expect(planA.plan.count(.create) == 300 && planB.plan.count(.create) == 300)
            async let runA = first.execute(planA)
            async let runB = second.execute(planB)
            let (a, b) = try await (runA, runB)
            #expect(a.verdict == .succeeded, "\(a.report.summary.text)")
            #expect(b.verdict == .succeeded, "\(b.report.summary.text)")
            // Each record was created by exactly one of them; the other found it as it meant it.
            for (mine, theirs) in zip(a.report.results, b.report.results) {
                #expect(Set([mine.status, theirs.status]) == [.created, .unchanged], "\(mine.source)")
                #expect(mine.id != nil && mine.id == theirs.id, "\(mine.source)")
            }
            for result in a.report.results + b.report.results where result.status == .unchanged {
                #expect(result.errors.first?.hasPrefix("another writer created it while the run was going") == true)
            }
            #expect(a.report.summary.created + b.report.summary.created == 300)
            let account = try await harness.account()
            let expected = records.map { Fixtures.remote($0.record.source, id: "-") }
            #expect(account.count == 300)
            #expect(AccountPair.lines(account.map { stripped($0) }) == AccountPair.lines(expected.map { stripped($0) }))
        }
    }

    @Test func twoImportProcessesOfTheSameFileAtOnceBothExitZero() async throws {
        try await EmulatorHarness.with({ $0.latencyMilliseconds = 20 }) { harness in
            let dir = harness.directory
            try Fixtures.writeCSV(dir.file("in.csv"), count: 150, prefix: "both", secret: "Secret-Value-")
            var environment = ProcessInfo.processInfo.environment
            environment[APIConfiguration.apiKeyVariable] = EmulatorHarness.key
            environment[APIConfiguration.endpointVariable] = harness.endpoint
            let processes = try ["a", "b"].map { name in
                try CLI.start(
                    [
                        "import", "in.csv", "--yes", "--quiet", "--concurrency", "4", "--report", "\(name).json",
                        "--backup",
                        "\(name)-backup.json",
                    ],
                    environment: environment, outputPath: dir.file("\(name).out"), directory: dir.path)
            }
            for process in processes {
                let status = await process.wait()
                #expect(status == 0, "\(process.output)")
            }
            let account = try await harness.account()
            #expect(account.count == 150)
            #expect(Set(account.map(\.name)) == Set((1...150).map { "both-\($0)" }))
            // Whichever way the race went, every record is accounted for once as created.
            var created = 0
            for name in ["a", "b"] {
                let data = try Data(contentsOf: URL(fileURLWithPath: dir.file("\(name).json")))
                let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                created += (report["summary"] as? [String: Any])?["created"] as? Int ?? 0
            }
            #expect(created == 150)
        }
    }

    /// `source` without the fields the API adds (`secret_token`) and without its id, to compare content.
    private func stripped(_ source: Source) -> Source {
        var copy = source
        copy.id = nil
        copy.credentials["secret_token"] = nil
        return copy
    }
}
