import Foundation
import SourcesAPI
import SourcesCore
import SourcesMigration
import TestSupport
import Testing

/// The uploader's decisions on outcomes the emulator cannot script exactly.
@Suite struct UploaderDecisionTests {
    private func run(
        _ service: ScriptedService, _ records: [CandidateRecord],
        settings: UploadSettings = UploadSettings(maxRetries: 3)
    ) async throws -> UploadResult {
        let uploader = Uploader(service: service, governor: ImportGovernor.make(maxRate: nil), settings: settings)
        let plan = Planner().plan(records, remote: try await uploader.fetchAccount())
        return await uploader.run(plan, journal: nil)
    }

    @Test func aCreateCarriedOutButUnansweredIsFoundNotResent() async throws {
        let service = ScriptedService()
        service.script("src-1", [.commitThenTimeout])
        let result = try await run(service, Fixtures.many(3))
        #expect(result.results.map(\.status) == [.created, .created, .created])
        #expect(service.createCalls["src-1"] == 1)
        #expect(result.results[0].attempts == 1)
        #expect(result.results[0].id != nil)
        #expect(result.statistics.reconciliations == 1)
    }

    @Test func aCreateNotCarriedOutIsSentAgainAfterTheLookup() async throws {
        let service = ScriptedService()
        service.script("src-1", [.timeoutWithoutCommit, .unavailable])
        let result = try await run(service, Fixtures.many(1))
        #expect(result.results[0].status == .created)
        #expect(service.createCalls["src-1"] == 3)
        #expect(result.results[0].attempts == 3)
        #expect(service.count == 1)
    }

    @Test func alreadyTakenAfterAnAmbiguousAttemptIsSettledByLookingAgain() async throws {
        let service = ScriptedService()
        service.script("src-1", [.commitThenTimeout])
        _ = try await service.list()  // the planner's listing, remembered as the stale view
        let uploader = Uploader(
            service: service, governor: ImportGovernor.make(maxRate: nil), settings: UploadSettings(maxRetries: 3))
        let plan = Planner().plan(Fixtures.many(1), remote: try await uploader.fetchAccount())
        service.lagListings(1)  // the first lookup does not see the create yet
        let result = await uploader.run(plan, journal: nil)
        #expect(result.results[0].status == .created)
        #expect(result.results[0].errors.isEmpty)
        #expect(service.createCalls["src-1"] == 2)  // the resend got 422 "already been taken"
        #expect(service.count == 1)
    }

    @Test func alreadyTakenByAnotherWriterWithOtherValuesIsAConflictNamingTheFields() async throws {
        let service = ScriptedService()
        let uploader = Uploader(service: service, governor: ImportGovernor.make(maxRate: nil))
        let plan = Planner().plan(Fixtures.many(1), remote: [])
        _ = try await service.create(Fixtures.url("ignored"))
        _ = try await service.create(Fixtures.s3("src-1"))  // someone else took the name after planning
        let result = await uploader.run(plan, journal: nil)
        #expect(result.results[0].status == .failed)
        #expect(result.results[0].httpStatus == 422)
        #expect(result.results[0].id != nil)
        #expect(result.results[0].errors.last == "HTTP 422: Source has already been taken")
        #expect(result.results[0].errors.first?.hasPrefix("conflict: a source named 'src-1' is in the account") == true)
        #expect(result.results[0].errors.first?.contains("other values for bucket;") == true)
        #expect(result.statistics.reconciliations == 1)
        #expect(service.count == 2)
        // Refused outright, not sent without an answer: nothing for rollback or --resume to settle.
        #expect(result.results[0].fingerprint == nil)
    }

    @Test func alreadyTakenByAnotherWriterWithTheIntendedValuesIsUnchanged() async throws {
        let service = ScriptedService()
        let uploader = Uploader(service: service, governor: ImportGovernor.make(maxRate: nil))
        let records = Fixtures.many(2)
        let plan = Planner().plan(records, remote: [])
        for record in records { _ = try await service.create(record.record.source) }  // a second import got there first
        let result = await uploader.run(plan, journal: nil)
        #expect(result.results.map(\.status) == [.unchanged, .unchanged])
        #expect(result.results.allSatisfy { $0.id != nil })
        #expect(result.results[0].errors.first?.hasPrefix("another writer created it while the run was going") == true)
        #expect(service.count == 2)
    }

    @Test func anUpdateWhoseSourceWasDeletedMeanwhileSaysSo() async throws {
        let service = ScriptedService()  // answers every PATCH 404
        let uploader = Uploader(service: service, governor: ImportGovernor.make(maxRate: nil))
        let remote = [Fixtures.remote(Fixtures.url("gone-meanwhile", url: "https://a.example.com"), id: "id-77")]
        let plan = Planner().plan(
            [Fixtures.record(Fixtures.url("gone-meanwhile", url: "https://b.example.com"))], remote: remote)
        let result = await uploader.run(plan, journal: nil)
        #expect(result.results[0].status == .failed)
        #expect(
            result.results[0].errors == [
                "the source (id id-77) was deleted from the account while the run was going (HTTP 404); run the import "
                    + "again to create it"
            ])
    }

    @Test func everyCreateIsJournaledAsAnIntentBeforeItIsSent() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let service = ScriptedService()
        service.script(
            "src-2", [.timeoutWithoutCommit, .timeoutWithoutCommit, .timeoutWithoutCommit, .timeoutWithoutCommit])
        let uploader = Uploader(
            service: service, governor: ImportGovernor.make(maxRate: nil), settings: UploadSettings(maxRetries: 3))
        let plan = Planner().plan(Fixtures.many(3), remote: [])
        let journal = try ResultJournal(
            path: dir.file("r.journal.jsonl"),
            header: RunHeader(runID: "x", startedAt: "t", endpoint: "e", inputs: ["in.csv"]))
        let result = await uploader.run(plan, journal: journal)
        journal.close()
        #expect(result.results.map(\.status) == [.created, .failed, .created])
        let lines = try String(contentsOfFile: dir.file("r.journal.jsonl"), encoding: .utf8).split(separator: "\n")
        for name in ["src-1", "src-2", "src-3"] {
            let intent = lines.firstIndex { $0.hasPrefix(#"{"intent": "create", "source": "\#(name)""#) }
            let outcome = lines.firstIndex { $0.hasPrefix(#"{"source": "\#(name)""#) }
            #expect(intent != nil && outcome != nil && intent! < outcome!, "\(name)")
        }
        #expect(lines.filter { $0.contains(#""intent""#) }.count == 3)  // once per record, not per attempt
        // The create that never got an answer keeps what it sent, for rollback and --resume.
        let run = try RunRecord.load(path: dir.file("r.journal.jsonl"))
        #expect(run.unsettledCreates.map(\.source) == ["src-2"])
        #expect(run.unsettledCreates[0].createFingerprint == CreateFingerprint(intended: plan.items[1].intendedSource))
        #expect(
            run.unsettledCreates[0].createFingerprint.matches(Fixtures.remote(plan.items[1].intendedSource, id: "i")))
    }

    @Test func anAPIThatKeepsFailingIsSlowedDownNotAbandoned() async throws {
        // Every create fails 10 times with the API's own 503 (a fault, not throttling) before
        // it goes through: the circuit breaker trips and holds requests back (virtual time),
        // but the run goes on to the end with --max-retries 10 (a retry budget stopped it).
        let service = ScriptedService()
        for i in 1...6 { service.script("src-\(i)", Array(repeating: .unavailable, count: 10)) }
        let clock = ManualRateClock(mode: .automatic)
        let uploader = Uploader(
            service: service, governor: ImportGovernor.make(maxRate: nil, clock: clock),
            settings: UploadSettings(concurrency: 2, maxRetries: 10))
        let plan = Planner().plan(Fixtures.many(6), remote: try await uploader.fetchAccount())
        let result = await uploader.run(plan, journal: nil)
        #expect(result.outcome == .completed)
        #expect(result.abortReason == nil)
        #expect(result.results.map(\.status) == Array(repeating: .created, count: 6))
        #expect(service.createCalls.values.allSatisfy { $0 == 11 })
        #expect(service.count == 6)
    }

    @Test func aStopEndsARateLimitPauseAtOnce() async throws {
        let control = RunControl()
        let started = ContinuousClock.now
        let waiting = Task { try await control.interruptible { try await Task.sleep(for: .seconds(120)) } }
        try await Task.sleep(for: .milliseconds(50))
        control.requestStop()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(ContinuousClock.now - started < .seconds(60))  // far from the 120 s wait, even on a loaded machine
        #expect(!control.maySend)
    }
}
