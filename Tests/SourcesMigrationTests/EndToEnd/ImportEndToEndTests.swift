import Foundation
import SourcesAPI
import SourcesCore
import SourcesEmulator
import SourcesHTTP
import SourcesMigration
import TestSupport
import Testing

/// The import engine with the real HTTP client against the emulator on a real socket.
@Suite struct ImportEndToEndTests {
    @Test func aCleanImportCreatesEverythingAndARerunChangesNothing() async throws {
        try await EmulatorHarness.with { harness in
            let records = Fixtures.many(40)
            let (first, outcome) = try await harness.importing(records, "first")
            #expect(first.plan.count(.create) == 40)
            #expect(outcome.verdict == .succeeded)
            #expect(outcome.report.summary.created == 40)
            #expect(outcome.report.results.allSatisfy { $0.status == .created && $0.id != nil && $0.attempts == 1 })
            let account = try await harness.account()
            #expect(account.count == 40)
            for record in records.map(\.record.source) {
                let remote = try #require(account.first { $0.name == record.name })
                #expect(RecordAttemptProbe.matches(remote, record))
            }
            #expect(outcome.backupPath != nil)
            #expect(!FileManager.default.fileExists(atPath: outcome.journalPath))
            #expect(try TemporaryDirectory.mode(of: outcome.reportPath) == 0o600)
            #expect(try TemporaryDirectory.mode(of: outcome.csvPath) == 0o600)

            let writesBefore = try await harness.emulator.stats()
            let (_, rerun) = try await harness.importing(records, "rerun")
            let writesAfter = try await harness.emulator.stats()
            #expect(rerun.verdict == .succeeded)
            #expect(rerun.report.results.allSatisfy { $0.status == .unchanged })
            #expect(rerun.report.results.count == 40)
            #expect(rerun.backupPath == nil)
            #expect(writesAfter.count(method: "POST") == writesBefore.count(method: "POST"))
            #expect(writesAfter.count(method: "PATCH") == writesBefore.count(method: "PATCH"))
            try SecretScan.expectClean(harness, secrets: ["Secret-Value-", EmulatorHarness.key])
        }
    }

    @Test func changedRecordsAreUpdatedWithAFieldDiff() async throws {
        try await EmulatorHarness.with { harness in
            _ = try await harness.importing(Fixtures.many(10), "first")
            var changed = Fixtures.many(10)
            for i in [0, 2, 4] { changed[i].record.source.credentials["bucket"] = "moved-\(i + 1)" }
            let (prepared, outcome) = try await harness.importing(changed, "second")
            let updates = prepared.plan.items(.update)
            #expect(updates.map(\.name) == ["src-1", "src-3", "src-5"])
            #expect(updates[0].changes.map(\.formatted) == [#"bucket: "bucket-1" → "moved-1""#])
            #expect(outcome.report.summary.updated == 3)
            #expect(outcome.report.summary.unchanged == 7)
            let account = try await harness.account()
            #expect(account.first { $0.name == "src-3" }?.credentials["bucket"] == "moved-3")
            #expect(account.first { $0.name == "src-2" }?.credentials["url"] == "https://img2.example.com")
            let backup = try String(contentsOfFile: try #require(outcome.backupPath), encoding: .utf8)
            #expect(backup.contains("\"bucket\": \"bucket-3\""))  // the state before the update
        }
    }

    @Test func rowsTheServerRejectsCarryItsMessagesWhileTheRestSucceed() async throws {
        try await EmulatorHarness.with { harness in
            var records = Fixtures.many(12)
            // Marked valid, so that only the server can reject them.
            records[2].record.source.credentials["bucket"] = nil
            records[7].record.source.credentials["url"] = "not a url"
            let (_, outcome) = try await harness.importing(records, "rejects")
            #expect(outcome.verdict == .someFailed)
            #expect(outcome.report.summary.created == 10)
            #expect(outcome.report.summary.failed == 2)
            let bad = outcome.report.results.filter { $0.status == .failed }
            try #require(bad.map(\.source) == ["src-3", "src-8"])
            #expect(bad.allSatisfy { $0.httpStatus == 422 && $0.attempts == 1 })
            #expect(bad[0].errors == ["Credential bucket is required for s3 sources"])
            #expect(bad[1].errors.first?.contains("url") == true)
            #expect(try await harness.account().count == 10)
        }
    }

    @Test func aRefusedKeyAbortsAfterOneRequest() async throws {
        try await EmulatorHarness.with(clientKey: "not-the-key") { (harness: EmulatorHarness) async throws in
            let session = harness.session("refused")
            await #expect {
                _ = try await session.prepare(Fixtures.many(5))
            } throws: { error in
                guard let failure = error as? ImportFailure, case .fetchFailed(_, let abort) = failure else {
                    return false
                }
                return abort == .keyRefused(status: 401)
                    && !failure.description.contains("not-the-key")
            }
            #expect(try await harness.emulator.stats().totalRequests == 1)
        }
    }

    @Test func aKeyRefusedMidRunStopsEveryWorker() async throws {
        try await EmulatorHarness.with { harness in
            // Plan with the good key, then carry the plan out with a refused one.
            let prepared = try await harness.session("plan").prepare(Fixtures.many(30))
            let bad = try APIConfiguration.resolve(
                endpoint: harness.endpoint, apiKeyFile: nil, allowHTTP: false,
                environment: [APIConfiguration.apiKeyVariable: "revoked-key"])
            let before = try await harness.emulator.stats().totalRequests
            let client = SourcesClient(configuration: bad)
            let session = ImportSession(
                configuration: ImportConfiguration(
                    endpoint: harness.endpoint, inputs: ["in.csv"], upload: UploadSettings(concurrency: 1),
                    reportPath: harness.directory.file("revoked.json"),
                    backupPath: harness.directory.file("revoked-b.json")),
                service: client, governor: RateGovernor(maxRate: nil))
            let outcome: ImportOutcome
            do {
                outcome = try await session.execute(prepared)
            } catch {
                await client.shutdown()
                throw error
            }
            await client.shutdown()
            #expect(outcome.verdict == .aborted)
            #expect(outcome.upload.abortReason == .keyRefused(status: 401))
            #expect(try await harness.emulator.stats().totalRequests - before == 1)
            #expect(outcome.report.summary.failed == 1)
            #expect(outcome.report.summary.skipped == 29)
        }
    }
}

/// The uploader's own matching rule, restated for assertions.
enum RecordAttemptProbe {
    static func matches(_ remote: Source, _ wanted: Source) -> Bool {
        guard remote.type == wanted.type else { return false }
        return wanted.credentials.allSatisfy { key, value in
            SecretAttributes.redactedByAPI.contains(key)
                ? remote.credentials[key] == SecretAttributes.placeholder
                : remote.credentials[key] == value
        }
    }
}

/// Checks that no file a run wrote holds a secret.
enum SecretScan {
    static func expectClean(_ harness: EmulatorHarness, secrets: [String], skipping: Set<String> = []) throws {
        let files = try harness.writtenFiles()
        #expect(!files.isEmpty)
        for (name, text) in files where !skipping.contains(name) {
            for secret in secrets {
                #expect(!text.contains(secret), "\(name) contains a secret")
            }
        }
    }
}
