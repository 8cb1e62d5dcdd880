import SourcesCore

/// Counts the connections the emulator holds and decides whether one more fits.
///
/// Shared by every event loop of the server (connections are set up on several), so the
/// count sits behind a lock.
final class ConnectionGate: Sendable {
    /// The most connections held at once.
    let limit: Int
    private let counts = Locked(ConnectionCounts())

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a slot for a new connection; false (and counted as refused) when all are taken.
    func enter() -> Bool {
        counts.withLock { counts in
            guard counts.open < limit else {
                counts.refused += 1
                return false
            }
            counts.open += 1
            counts.peak = max(counts.peak, counts.open)
            return true
        }
    }

    /// Gives back the slot of a connection that closed.
    func leave() {
        counts.withLock { $0.open -= 1 }
    }

    var snapshot: ConnectionCounts { counts.withLock { $0 } }
}

/// The connections an emulator has seen (``RunningEmulator/connectionCounts()``).
public struct ConnectionCounts: Sendable, Equatable {
    /// Connections held now.
    public var open = 0
    /// The most held at once.
    public var peak = 0
    /// Connections answered 503 and closed because the cap was reached.
    public var refused = 0
}
