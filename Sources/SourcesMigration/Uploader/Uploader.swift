import Foundation
public import SourcesAPI
public import SourcesCore

/// The uploader stage: carries a ``Plan`` out through any ``SourcesService``.
///
/// Writes run in a `TaskGroup` with at most ``UploadSettings/concurrency`` requests in
/// flight, each one through the run's ``RateGovernor`` and ``CircuitBreaker``. Failed attempts
/// are retried as ``RetryGate`` decides: throttling never fails a record, and the run stops
/// only when nothing has succeeded for the stall timeout (``StallWatch``). A create whose
/// outcome is unknown (timeout, dropped connection, 5xx) is never sent again blindly: the
/// name is looked up first (``AccountLookup``), and a source found with the intended fields
/// counts as created. Every finished record
/// is appended to the ``ResultJournal`` before the next one is counted.
public final class Uploader: Sendable {
    let service: any SourcesService
    let governor: RateGovernor
    let settings: UploadSettings
    /// The run's stop and abort switches.
    public let control: RunControl
    /// The live counters.
    public let progress: UploadProgress
    /// The path of requests that are not a record's own write (listings); it holds the run's
    /// retry gate, which the writes share.
    let runner: RequestRunner
    let lookup: AccountLookup

    /// Creates an uploader.
    public init(
        service: any SourcesService, governor: RateGovernor, settings: UploadSettings = UploadSettings(),
        control: RunControl = RunControl(), progress: UploadProgress = UploadProgress()
    ) {
        self.service = service
        self.governor = governor
        self.settings = settings
        self.control = control
        self.progress = progress
        let gate = RetryGate(
            policy: RetryPolicy(maxRetries: settings.maxRetries), breaker: CircuitBreaker(),
            stall: StallWatch(timeout: settings.stallTimeout, clock: governor.clock), clock: governor.clock)
        let runner = RequestRunner(
            governor: governor, gate: gate, control: control, progress: progress, concurrency: settings.concurrency)
        self.runner = runner
        self.lookup = AccountLookup { () async throws(RequestFailure) -> [Source] in try await runner.list(service) }
    }

    /// Fetches every source of the account (with rate limiting and retries): the planner's input.
    public func fetchAccount() async throws(RequestFailure) -> [Source] {
        try await runner.list(service)
    }

    /// Fetches the account, keeping of each source only what `keep` makes of it (nil: nothing)
    /// as the listing streams in: for a check that needs a field or two of a large account.
    public func fetchAccount<Kept: Sendable>(keeping keep: @escaping @Sendable (Source) -> Kept?)
        async throws(RequestFailure) -> [Kept]
    {
        try await runner.list(service, keeping: keep)
    }

    /// Carries out `plan`.
    ///
    /// - Parameters:
    ///   - carried: results kept from a previous run (`--resume`), by plan item index;
    ///     those items are not sent again.
    ///   - journal: receives every result as soon as it is known.
    public func run(_ plan: Plan, carried: [Int: RecordResult] = [:], journal: ResultJournal?) async -> UploadResult {
        let started = ContinuousClock.now
        progress.start(total: plan.items.count)
        var results = [RecordResult?](repeating: nil, count: plan.items.count)
        let sink = ResultSink(journal: journal, control: control, progress: progress)
        var writes: [Int] = []
        for (index, item) in plan.items.enumerated() {
            if let previous = carried[index] {
                results[index] = sink.accept(previous)
            } else if item.isWrite {
                writes.append(index)
            } else {
                results[index] = sink.accept(
                    Self.result(for: item, status: item.action == .unchanged ? .unchanged : .skipped))
            }
        }
        // Workers and this loop run on the service's I/O thread when it has one: no thread
        // switch per request (see EventLoopTaskExecutor).
        await withTaskExecutorPreference(service.preferredTaskExecutor) {
            await self.upload(writes, of: plan, into: &results, sink: sink)
        }
        var statistics = progress.snapshot.statistics
        let governed = await governor.snapshot()
        statistics.rateLimited = governed.rateLimitedCount
        statistics.waitedSeconds = governed.rateLimitWait.seconds
        statistics.elapsedSeconds = (ContinuousClock.now - started).seconds
        let reason = control.abortReason
        let outcome: RunOutcome = reason != nil ? .aborted : control.isStopRequested ? .interrupted : .completed
        let final = zip(plan.items, results).map { item, result in
            result ?? Self.result(for: item, status: .skipped, errors: ["not attempted"])
        }
        return UploadResult(results: final, outcome: outcome, abortReason: reason, statistics: statistics)
    }

    /// Runs the writes `indices` of `plan`, at most ``UploadSettings/concurrency`` at a time.
    private func upload(
        _ indices: [Int], of plan: Plan, into results: inout [RecordResult?], sink: ResultSink
    ) async {
        let journal = sink.journal
        await withTaskGroup(of: (Int, RecordResult).self) { group in
            var pending = indices.makeIterator()
            for _ in 0..<settings.concurrency {
                guard let index = pending.next() else { break }
                let item = plan.items[index]
                group.addTask { (index, await self.perform(item, journal: journal)) }
            }
            while let (index, result) = await group.next() {
                results[index] = sink.accept(result)
                if let next = pending.next() {
                    let item = plan.items[next]
                    group.addTask { (next, await self.perform(item, journal: journal)) }
                }
            }
        }
    }

    /// A result for `item` that sent nothing.
    static func result(for item: PlanItem, status: ResultStatus, errors: [String]? = nil) -> RecordResult {
        item.result(status, errors: errors ?? (status == .skipped ? item.problems : []))
    }

    /// Carries out one create, update or delete (a create's intent goes to `journal` first).
    func perform(_ item: PlanItem, journal: ResultJournal? = nil) async -> RecordResult {
        var attempt = RecordAttempt(item: item, journal: journal, uploader: self)
        return await runner.run(&attempt)
    }
}

/// Collects results: journals each one, counts it, and stops the run when the journal fails.
private final class ResultSink: Sendable {
    let journal: ResultJournal?
    let control: RunControl
    let progress: UploadProgress

    init(journal: ResultJournal?, control: RunControl, progress: UploadProgress) {
        self.journal = journal
        self.control = control
        self.progress = progress
    }

    func accept(_ result: RecordResult) -> RecordResult {
        if let journal {
            do {
                try journal.append(result)
            } catch {
                control.abort(.journalUnwritable(error.reason))
            }
        }
        progress.finished(result)
        return result
    }
}
