import ArgumentParser
import Dispatch
import Foundation
import Logging
import SourcesEmulator
import SourcesMigration

extension IBSources {
    /// `ibsources serve`: runs the Sources API emulator until SIGINT or SIGTERM.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Run an emulator of the ImageBoss Sources API, to rehearse a migration or run tests.",
            discussion: """
                Keys come from --api-key KEY[:ACCOUNT] (repeatable) and IBSOURCES_EMULATOR_KEYS \
                (comma-separated KEY[:ACCOUNT] entries); a key without an account is its own account. \
                Faults are drawn from a generator seeded by --seed, so a run can be replayed.
                """)

        @Option(help: "Interface to listen on (loopback unless told otherwise).")
        var host = "127.0.0.1"

        @Option(help: "Port to listen on; 0 picks a free port.")
        var port = 8080

        @Option(
            name: .customLong("port-file"),
            help: "Write the port to this file (atomically) once listening; an existing file is refused.")
        var portFile: String?

        @Flag(help: "Let --port-file replace a file that already exists.")
        var force = false

        @Option(
            name: .customLong("db"), help: "SQLite file that keeps the sources across restarts (default: in memory).")
        var database: String?

        @Option(name: .customLong("api-key"), help: "An accepted key, as KEY or KEY:ACCOUNT (repeatable).")
        var apiKeys: [String] = []

        @Option(name: .customLong("rate-limit"), help: "Requests per second allowed per account (token bucket).")
        var rateLimit: Double?

        @Option(help: "Bucket size of the rate limit (default: the rate, rounded up).")
        var burst: Int?

        @Option(
            name: .customLong("rate-limit-headers"),
            help: ArgumentHelp(
                "Rate-limit headers: full (X-RateLimit-* on every answer), retry-after (Retry-After, "
                    + "X-RateLimit-Limit and -Remaining: 0 on a 429 only) or none (a bare 429).",
                valueName: "full|retry-after|none"))
        var rateLimitHeaders: LimiterStyle.Headers = .full

        @Option(
            name: .customLong("rate-limit-window"),
            help: ArgumentHelp(
                "A fixed window of this many seconds instead of the token bucket: --rate-limit × SECONDS "
                    + "requests per window.", valueName: "SECONDS"))
        var rateLimitWindow: Double?

        @Option(
            name: .customLong("throttle-body"),
            help: ArgumentHelp(
                "The body of a 429: json (the API's errors) or text (text/plain \"Retry later\").",
                valueName: "json|text"))
        var throttleBody: LimiterStyle.Body = .json

        @Option(help: "Seed of the fault generator.")
        var seed: UInt64 = 0

        @Option(name: .customLong("fault-rate"), help: "Probability of a 503 instead of handling a request.")
        var faultRate: Double = 0

        @Option(name: .customLong("drop-rate"), help: "Probability of closing the connection without an answer.")
        var dropRate: Double = 0

        @Option(name: .customLong("commit-fail-rate"), help: "Probability that a successful write is answered 503.")
        var commitFailRate: Double = 0

        @Option(name: .customLong("latency"), help: "Mean delay of each response in ms (each one 0.5× to 1.5×).")
        var latency: Int = 0

        @Option(
            name: .customLong("idle-timeout"),
            help: "Close a connection that sends no part of a request for this many seconds.")
        var idleTimeout: Double = 30

        @Option(
            name: .customLong("max-connections"),
            help: "Connections served at once; one more is answered 503 and closed (default: from ulimit -n).")
        var maxConnections: Int?

        /// The emulator configuration these flags and the environment describe.
        func emulatorConfiguration(environment: [String: String]) throws -> EmulatorConfiguration {
            var configuration = EmulatorConfiguration()
            configuration.host = host
            configuration.port = port
            configuration.databasePath = database
            configuration.rateLimit = rateLimit
            configuration.burst = burst
            configuration.limiter.headers = rateLimitHeaders
            configuration.limiter.window = rateLimitWindow
            configuration.limiter.body = throttleBody
            configuration.seed = seed
            configuration.faultRate = faultRate
            configuration.dropRate = dropRate
            configuration.commitFailRate = commitFailRate
            configuration.latencyMilliseconds = latency
            if idleTimeout.isFinite, idleTimeout > 0, idleTimeout < 1e9 {
                configuration.connections.idleTimeout = .milliseconds(Int64((idleTimeout * 1000).rounded(.up)))
            } else {
                configuration.connections.idleTimeout = .zero  // reported by `problems`
            }
            configuration.connections.maxConnections = maxConnections
            if let keys = environment["IBSOURCES_EMULATOR_KEYS"] { configuration.addKey(keys) }
            for key in apiKeys { configuration.addKey(key) }
            guard !configuration.apiKeys.isEmpty else {
                throw ValidationError(
                    "no API key: give --api-key KEY[:ACCOUNT] or set IBSOURCES_EMULATOR_KEYS=KEY[:ACCOUNT],...")
            }
            let problems = configuration.problems
            guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "\n")) }
            return configuration
        }

        func run() async throws {
            let logger = Logger(label: "ibsources.serve")
            let configuration = try emulatorConfiguration(environment: ProcessInfo.processInfo.environment)
            let outputs = OutputPolicy(force: force, inputs: [database].compactMap { $0 })
            let portOutput = portFile.map { PlannedOutput(path: $0, role: "port file", flag: "--port-file") }
            if let portOutput {
                do { try outputs.check([portOutput]) } catch { throw ValidationError("\(error)") }
            }
            let signals = Self.signalStream()
            let emulator = try await RunningEmulator.start(configuration)
            let root = String(emulator.baseURL.dropLast("/v1".count))
            Self.writeLine("listening on \(root)")
            if let portOutput {
                do {
                    try outputs.write("\(emulator.port)\n", to: portOutput)
                } catch {
                    try? await emulator.shutdown()
                    throw ValidationError("cannot write the port file: \(error)")
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await signal in signals {
                        logger.info("received signal \(signal), stopping")
                        return
                    }
                }
                group.addTask { try await emulator.waitUntilStopped() }
                // Whichever ends first: a signal, or the server stopping on its own (which rethrows its error).
                try await group.next()
                group.cancelAll()
                try await emulator.shutdown()
            }
            Self.writeLine("stopped")
        }

        /// Writes a line to stdout straight away (scripts wait for it).
        private static func writeLine(_ text: String) {
            StandardStreams.out(text + "\n")
        }

        /// SIGINT and SIGTERM as a stream (the default handlers are disabled so the
        /// emulator can stop cleanly).
        private static func signalStream() -> AsyncStream<Int32> {
            AsyncStream { continuation in
                let queue = DispatchQueue(label: "ibsources.serve.signals")
                let sources = [SIGINT, SIGTERM].map { number in
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                    source.setEventHandler { continuation.yield(number) }
                    source.resume()
                    return source
                }
                let box = SignalSources(sources)
                continuation.onTermination = { _ in box.cancel() }
            }
        }
    }
}

extension LimiterStyle.Headers: ExpressibleByArgument {}
extension LimiterStyle.Body: ExpressibleByArgument {}

/// Keeps the signal sources alive until the stream ends (they are only touched to cancel them).
// @unchecked Sendable: DispatchSourceSignal is not Sendable; the array is never changed, only cancelled.
private final class SignalSources: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }

    func cancel() { sources.forEach { $0.cancel() } }
}
