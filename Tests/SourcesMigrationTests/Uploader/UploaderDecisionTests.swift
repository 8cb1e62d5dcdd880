import Foundation
import SourcesAPI
import SourcesCore
import SourcesMigration
import Testing

/// The uploader's decisions on outcomes the emulator cannot script exactly.
@Suite struct UploaderDecisionTests {
    private func run(
        _ service: ScriptedService, _ records: [CandidateRecord], settings: UploadSettings = UploadSettings(maxRetries: 3)
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

    @Test func alreadyTakenWithoutAnAmbiguousAttemptFailsWithTheServersWords() async throws {
        let service = ScriptedService()
        let uploader = Uploader(service: service, governor: ImportGovernor.make(maxRate: nil))
        let plan = Planner().plan(Fixtures.many(1), remote: [])
        _ = try await service.create(Fixtures.url("ignored"))
        _ = try await service.create(Fixtures.s3("src-1"))  // someone else took the name after planning
        let result = await uploader.run(plan, journal: nil)
        #expect(result.results[0].status == .failed)
        #expect(result.results[0].httpStatus == 422)
        #expect(result.results[0].errors == ["Source has already been taken"])
        #expect(result.statistics.reconciliations == 0)
    }

    @Test func aSpentRetryBudgetAbortsTheRun() async throws {
        let service = ScriptedService()
        for i in 1...6 { service.script("src-\(i)", Array(repeating: .unavailable, count: 10)) }
        let result = try await run(
            service, Fixtures.many(6), settings: UploadSettings(concurrency: 2, maxRetries: 10, retryBudget: 10))
        #expect(result.outcome == .aborted)
        #expect(result.abortReason == .retryBudgetSpent)
        #expect(result.results.allSatisfy { $0.status == .failed || $0.status == .skipped })
        #expect(result.results.contains { $0.status == .skipped })
        #expect(service.createCalls.values.reduce(0, +) <= 6 + 2)
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
