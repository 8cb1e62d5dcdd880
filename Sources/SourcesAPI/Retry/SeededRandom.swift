import Foundation
import SourcesCore

/// A thread-safe source of jitter in [0, 1), shared by the workers of a run.
public final class JitterSource: Sendable {
    private let generator: Locked<SplitMix64>

    /// Seeded for reproducible delays; unseeded draws its seed from the system.
    public init(seed: UInt64? = nil) {
        var system = SystemRandomNumberGenerator()
        generator = Locked(SplitMix64(seed: seed ?? system.next()))
    }

    /// A uniform value in [0, 1).
    public func nextUnit() -> Double {
        generator.withLock { $0.nextUnit() }
    }
}
