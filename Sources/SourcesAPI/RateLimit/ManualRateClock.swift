import Foundation
import SourcesCore

/// A virtual ``RateClock`` for tests (this package's and the uploader's).
///
/// In `.manual` mode sleepers wait until a test calls ``advance(by:)``; in
/// `.automatic` mode a sleep moves the clock straight to its deadline and returns,
/// so a sequential simulation of hours runs in microseconds.
public final class ManualRateClock: RateClock, Sendable {
    /// How sleeps are resolved.
    public enum Mode: Sendable {
        /// Sleepers wait for ``advance(by:)``.
        case manual
        /// A sleep advances the clock to its deadline.
        case automatic
    }

    private struct Sleeper: Sendable {
        let id: Int
        let deadline: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }

    /// The time and who waits for it.
    private struct State: Sendable {
        var current: Duration = .zero
        var sleepers: [Sleeper] = []
        var nextID = 0
    }

    private let state = Locked(State())
    private let mode: Mode

    /// A clock at time zero.
    public init(mode: Mode = .manual) { self.mode = mode }

    public var now: Duration { state.withLock { $0.current } }

    /// The number of tasks currently sleeping on this clock (manual mode).
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The earliest deadline anyone sleeps until, if any.
    public var nextDeadline: Duration? { state.withLock { $0.sleepers.map(\.deadline).min() } }

    /// Moves time forward by `duration` and wakes every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        let due: [Sleeper] = state.withLock { state in
            state.current += duration
            let now = state.current
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    public func sleep(until deadline: Duration) async throws {
        try Task.checkCancellation()
        let mode = self.mode
        let id: Int? = state.withLock { state in
            if deadline <= state.current { return nil }
            if mode == .automatic {
                state.current = deadline
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { state in
                    if deadline <= state.current { return true }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
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
        let sleeper: Sleeper? = state.withLock { state in
            guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
            return state.sleepers.remove(at: index)
        }
        sleeper?.continuation.resume(throwing: CancellationError())
    }
}
