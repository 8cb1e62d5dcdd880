import Foundation
import SourcesCore

/// Live counters of a run, updated by the workers and read by the progress line.
public final class UploadProgress: Sendable {
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

    private struct State {
        var counters = Snapshot()
        var observer: (@Sendable (RecordResult) -> Void)?
    }

    private let state = Locked(State())

    /// Counters for a run of `total` records (set again by the uploader when it starts).
    public init(total: Int = 0) {
        state.withLock { $0.counters.total = total }
    }

    func start(total: Int) { state.withLock { $0.counters.total = total } }

    /// The counters now.
    public var snapshot: Snapshot { state.withLock { $0.counters } }

    /// Calls `body` with each record's result as soon as it is known (after the journal has it),
    /// one at a time: the CLI streams them (`--output jsonl`, `--verbose`).
    public func onResult(_ body: @escaping @Sendable (RecordResult) -> Void) { state.withLock { $0.observer = body } }

    func finished(_ result: RecordResult) {
        let observer = state.withLock {
            $0.counters.summary.add(result.status)
            return $0.observer
        }
        observer?(result)
    }
    func sent(retry: Bool) {
        state.withLock {
            $0.counters.statistics.requests += 1
            if retry { $0.counters.statistics.retries += 1 }
        }
    }
    func reconciled() { state.withLock { $0.counters.statistics.reconciliations += 1 } }
}
