import Foundation
import SourcesCore

/// Why a run stopped before every record was attempted.
public enum AbortReason: Sendable, Equatable, CustomStringConvertible {
    /// A 401 or 403: the API key was refused.
    case keyRefused(status: Int)
    /// No request succeeded for the stall timeout (`seconds`): the API refuses or fails
    /// everything (a key locked out, an outage).
    case stalled(seconds: Double)
    /// The journal could not be written, so the run could no longer keep track of what it did.
    case journalUnwritable(String)

    public var description: String {
        switch self {
        case .keyRefused(let status):
            "the API refused the key (HTTP \(status)); check IMAGEBOSS_API_KEY or --api-key-file"
        case .stalled(let seconds):
            "no request has succeeded for \(Self.duration(seconds)) (--stall-timeout): the API refuses or fails "
                + "every request (a key locked out, an outage); resume once it answers again"
        case .journalUnwritable(let detail):
            "stopped because the journal cannot be written (\(detail)); free some space and resume with --resume"
        }
    }

    /// `seconds` for a message: "10 minutes", "90 s".
    static func duration(_ seconds: Double) -> String {
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 {
            let minutes = Int(seconds / 60)
            return "\(minutes) minute\(minutes == 1 ? "" : "s")"
        }
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}

/// The switches every worker looks at before it sends anything: Ctrl-C (stop
/// starting requests) and aborts (the key was refused, nothing succeeded for the stall timeout).
///
/// Waits that may last long (a rate-limit pause, a backoff) run through
/// ``interruptible(_:)`` so that a stop ends them at once.
public final class RunControl: Sendable {
    private struct State {
        var stopped = false
        var reason: AbortReason?
        var waiting: [Int: Task<Void, any Error>] = [:]
        var nextWaitID = 0
    }

    private let state = Locked(State())

    /// A control that lets everything run.
    public init() {}

    /// Ctrl-C: no new request is started; requests in flight finish.
    public func requestStop() {
        let tasks: [Task<Void, any Error>] = state.withLock {
            $0.stopped = true
            return Array($0.waiting.values)
        }
        for task in tasks { task.cancel() }
    }

    /// Stops the run for `reason` (the first reason wins).
    public func abort(_ reason: AbortReason) {
        let tasks: [Task<Void, any Error>] = state.withLock {
            if $0.reason == nil { $0.reason = reason }
            return Array($0.waiting.values)
        }
        for task in tasks { task.cancel() }
    }

    /// True after ``requestStop()``.
    public var isStopRequested: Bool { state.withLock { $0.stopped } }
    /// The abort reason, once aborted.
    public var abortReason: AbortReason? { state.withLock { $0.reason } }
    /// True while requests may be sent.
    public var maySend: Bool { state.withLock { !$0.stopped && $0.reason == nil } }

    /// Runs a wait that a stop or an abort cuts short.
    ///
    /// - Throws: `CancellationError` when cut short (or when the run is already stopping).
    public func interruptible(_ wait: @escaping @Sendable () async throws -> Void) async throws {
        let task = Task { try await wait() }
        let id: Int? = state.withLock {
            guard !$0.stopped && $0.reason == nil else { return nil }
            $0.nextWaitID += 1
            $0.waiting[$0.nextWaitID] = task
            return $0.nextWaitID
        }
        guard let id else {
            task.cancel()
            throw CancellationError()
        }
        defer { _ = state.withLock { $0.waiting.removeValue(forKey: id) } }
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }
}
