import Foundation

/// Live counters of a run, updated by the workers and read by the progress line.
public final class UploadProgress: @unchecked Sendable {
    /// A copy of the counters at one moment.
    public struct Snapshot: Sendable, Equatable {
        /// Records in the run.
        public var total = 0
        /// Records finished, by status.
        public var summary = RunSummary([])
        /// Request counts.
        public var statistics = RunStatistics()
        /// Records finished.
        public var done: Int { summary.total }
    }

    private let lock = NSLock()
    private var state = Snapshot()
    private var observer: (@Sendable (RecordResult) -> Void)?

    /// Counters for a run of `total` records (set again by the uploader when it starts).
    public init(total: Int = 0) {
        state.total = total
    }

    func start(total: Int) { lock.withLock { state.total = total } }

    /// The counters now.
    public var snapshot: Snapshot { lock.withLock { state } }

    /// Calls `body` with each record's result as soon as it is known (after the journal has it),
    /// one at a time: the CLI streams them (`--output jsonl`, `--verbose`).
    public func onResult(_ body: @escaping @Sendable (RecordResult) -> Void) { lock.withLock { observer = body } }

    func finished(_ result: RecordResult) {
        let observer = lock.withLock {
            state.summary.add(result.status)
            return self.observer
        }
        observer?(result)
    }
    func sent(retry: Bool) {
        lock.withLock {
            state.statistics.requests += 1
            if retry { state.statistics.retries += 1 }
        }
    }
    func reconciled() { lock.withLock { state.statistics.reconciliations += 1 } }
}
