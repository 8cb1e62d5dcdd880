import SourcesCore

/// Counts what the emulator sees; safe to use from concurrent requests.
final class StatsRecorder: Sendable {
    private let stats = Locked(EmulatorStats())

    /// Records an incoming request.
    func received(method: String) {
        stats.withLock {
            $0.totalRequests += 1
            $0.requestsByMethod[method, default: 0] += 1
        }
    }

    /// Records the status a response went out with.
    func answered(status: Int) {
        stats.withLock {
            $0.requestsByStatus[String(status), default: 0] += 1
            if status == 429 { $0.rateLimited += 1 }
        }
    }

    /// Records an injected fault.
    func injected(_ fault: WritableKeyPath<EmulatorStats.Faults, Int>) {
        stats.withLock { $0.faults[keyPath: fault] += 1 }
    }

    /// The counts so far.
    var snapshot: EmulatorStats { stats.withLock { $0 } }
}
