import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SourcesCore

/// An emulator listening on a real socket, for end-to-end tests and `ibsources serve`.
///
/// ```swift
/// var configuration = EmulatorConfiguration()
/// configuration.addKey("test-key:acme")
/// let emulator = try await RunningEmulator.start(configuration)
/// defer { Task { try await emulator.shutdown() } }
/// // talk to emulator.baseURL ("http://127.0.0.1:PORT/v1")
/// ```
public final class RunningEmulator: Sendable {
    /// The port the emulator listens on.
    public let port: Int
    private let host: String
    private let state: EmulatorState
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    private let closed = Locked(false)

    private init(port: Int, host: String, state: EmulatorState, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.host = host
        self.state = state
        self.group = group
        self.task = task
    }

    /// The API's base URL on this emulator: `http://127.0.0.1:PORT/v1`.
    public var baseURL: String { "http://\(urlHost):\(port)/v1" }

    private var urlHost: String {
        switch host {
        case "0.0.0.0", "", "::": "127.0.0.1"
        case let h where h.contains(":"): "[\(h)]"
        default: host
        }
    }

    /// Binds (port 0 picks a free port) and returns once the server is listening.
    ///
    /// - Throws: ``EmulatorError`` when the configuration is invalid, the database
    ///   cannot be opened, or the address cannot be bound.
    public static func start(_ configuration: EmulatorConfiguration) async throws -> RunningEmulator {
        let state = try EmulatorState(configuration: configuration)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = makeApplication(state: state) { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: emulatorLogger(framework: true)))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            let detail: String
            do {
                try await task.value
                detail = "the server stopped before it was listening"
            } catch let error as IOError {
                // NIO's own wording of a failed bind has an unbalanced parenthesis.
                detail =
                    "cannot listen on \(configuration.host):\(configuration.port): "
                    + String(cString: strerror(error.errnoCode)) + " (errno \(error.errnoCode))"
            } catch {
                detail = "\(error)"
            }
            try? state.store.close()
            throw EmulatorError.startFailed(detail)
        }
        return RunningEmulator(port: port, host: configuration.host, state: state, group: group, task: task)
    }

    /// What the server has seen so far (the numbers of `GET /_emulator/stats`).
    public func stats() async throws -> EmulatorStats { state.stats.snapshot }

    /// The connections held now, the most held at once, and those refused over the cap.
    public func connectionCounts() -> ConnectionCounts { state.connections.snapshot }

    /// The cap on connections held at once (``ConnectionLimits/effectiveMaxConnections``).
    public var maxConnections: Int { state.connections.limit }

    /// Stops listening, lets requests in flight finish (at most 5 s), closes
    /// idle connections and the database. Calling it again does nothing.
    public func shutdown() async throws {
        guard
            closed.withLock({ wasClosed in
                defer { wasClosed = true }; return !wasClosed
            })
        else { return }
        await group.triggerGracefulShutdown()
        let task = self.task
        let deadline = Task {
            try await Task.sleep(for: .seconds(5))
            task.cancel()
        }
        _ = await task.result
        deadline.cancel()
        try state.store.close()
    }

    /// Waits until the server stops (after ``shutdown()`` or a failure).
    public func waitUntilStopped() async throws {
        try await task.value
    }
}
