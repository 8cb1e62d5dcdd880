/// Everything the routes and middleware of one emulator share.
final class EmulatorState: Sendable {
    /// Largest request body accepted (1 MiB); larger ones get 413.
    static let maxBodyBytes = 1 << 20

    let configuration: EmulatorConfiguration
    let store: SourceStore
    let stats = StatsRecorder()
    let faults: FaultInjector
    let rateLimiter: RateLimiter?
    /// The connections held, against the cap of ``ConnectionLimits``.
    let connections: ConnectionGate

    init(configuration: EmulatorConfiguration) throws(EmulatorError) {
        let problems = configuration.problems
        guard problems.isEmpty else { throw .invalidConfiguration(problems) }
        self.configuration = configuration
        store = try SourceStore(path: configuration.databasePath)
        faults = FaultInjector(configuration: configuration)
        rateLimiter = configuration.rateLimit.map {
            RateLimiter(rate: $0, burst: configuration.burst, window: configuration.limiter.window)
        }
        connections = ConnectionGate(limit: configuration.connections.effectiveMaxConnections)
    }

    /// The account `key` acts for, if the key is known.
    func account(forKey key: String) -> String? { configuration.apiKeys[key] }
}
