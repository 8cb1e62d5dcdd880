public import Hummingbird
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
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
        onServerRunning: onServerRunning,
        logger: emulatorLogger(framework: true))
}
