import Foundation

/// A virtual ``RateClock`` for tests (this package's and the uploader's).
///
/// In `.manual` mode sleepers wait until a test calls ``advance(by:)``; in
/// `.automatic` mode a sleep moves the clock straight to its deadline and returns,
/// so a sequential simulation of hours runs in microseconds.
public final class ManualRateClock: RateClock, @unchecked Sendable {
    /// How sleeps are resolved.
    public enum Mode: Sendable {
        /// Sleepers wait for ``advance(by:)``.
        case manual
        /// A sleep advances the clock to its deadline.
        case automatic
    }

    private struct Sleeper {
        let id: Int
        let deadline: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var current: Duration = .zero
    private var sleepers: [Sleeper] = []
    private var nextID = 0
    private let mode: Mode

    /// A clock at time zero.
    public init(mode: Mode = .manual) { self.mode = mode }

    public var now: Duration { lock.withLock { current } }

    /// The number of tasks currently sleeping on this clock (manual mode).
    public var sleeperCount: Int { lock.withLock { sleepers.count } }

    /// The earliest deadline anyone sleeps until, if any.
    public var nextDeadline: Duration? { lock.withLock { sleepers.map(\.deadline).min() } }

    /// Moves time forward by `duration` and wakes every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        let due: [Sleeper] = lock.withLock {
            current += duration
            let now = current
            let due = sleepers.filter { $0.deadline <= now }
            sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    public func sleep(until deadline: Duration) async throws {
        try Task.checkCancellation()
        let id: Int? = lock.withLock {
            if deadline <= current { return nil }
            if mode == .automatic {
                current = deadline
                return nil
            }
            nextID += 1
            return nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = lock.withLock {
                    if deadline <= current { return true }
                    sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
                if Task.isCancelled { cancel(id) }
            }
        } onCancel: {
            cancel(id)
        }
    }

    private func cancel(_ id: Int) {
        let sleeper: Sleeper? = lock.withLock {
            guard let index = sleepers.firstIndex(where: { $0.id == id }) else { return nil }
            return sleepers.remove(at: index)
        }
        sleeper?.continuation.resume(throwing: CancellationError())
    }
}
