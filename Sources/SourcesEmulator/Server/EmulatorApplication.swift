public import Hummingbird
import HummingbirdCore
import Foundation
import Logging
import NIOCore

/// Builds the emulator as a Hummingbird application, ready to `run()` or to test.
///
/// - Throws: ``EmulatorError`` when the configuration is invalid or the database cannot be opened.
public func buildApplication(_ configuration: EmulatorConfiguration) async throws -> some ApplicationProtocol {
    try makeApplication(state: EmulatorState(configuration: configuration))
}

/// The emulator's logger: warnings and errors, unless `LOG_LEVEL` says otherwise.
///
/// `framework` is the logger handed to Hummingbird and ServiceLifecycle: it only
/// shows critical messages by default, because a normal shutdown makes Hummingbird
/// log a CancellationError at error level.
func emulatorLogger(framework: Bool = false) -> Logger {
    var logger = Logger(label: "ibsources.emulator")
    let requested = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
    logger.logLevel = requested ?? (framework ? .critical : .warning)
    return logger
}

/// Builds the application over `state`; `onServerRunning` learns the listening channel.
func makeApplication(
    state: EmulatorState, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> Application<RouterResponder<EmulatorContext>> {
    let router = Router(context: EmulatorContext.self)
    router.add(middleware: EmulatorMiddleware(state: state))
    let controller = SourcesController(state: state)
    controller.register(on: router, prefix: "/v1/sources")
    controller.register(on: router, prefix: "/api/v1/sources")
    router.get("/_emulator/stats") { _, _ -> Response in
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(state.stats.snapshot)
        return Reply.json(.ok, String(decoding: data, as: UTF8.self))
    }
    let configuration = state.configuration
    // Idle connections are closed; past the cap a connection is answered 503 and closed
    // (LimitedHTTP1Channel); past the descriptor budget nothing more is accepted until a
    // connection closes (Hummingbird's MaximumAvailableConnections); an accept that fails
    // anyway (EMFILE) pauses accepting (AcceptErrorGuard); a 413 ends its connection
    // (CloseAfterResponseHandler).
    let http1 = HTTP1Channel.Configuration(
        additionalChannelHandlers: [CloseAfterResponseHandler()],
        idleTimeout: TimeAmount(configuration.connections.idleTimeout))
    let gate = state.connections
    let descriptors = ConnectionLimits.descriptorBudget(descriptorLimit: ConnectionLimits.descriptorLimit())
    let budget = max(gate.limit, descriptors)
    return Application(
        router: router,
        server: HTTPServerBuilder { responder in
            LimitedHTTP1Channel(http1: HTTP1Channel(responder: responder, configuration: http1), gate: gate)
        },
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            availableConnectionsDelegate: MaximumAvailableConnections(budget)),
        onServerRunning: { channel in
            try? await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(AcceptErrorGuard(), position: .first)
            }.get()
            await onServerRunning(channel)
        },
        logger: emulatorLogger(framework: true))
}
