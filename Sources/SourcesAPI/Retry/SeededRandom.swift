import Foundation

/// SplitMix64: a small, fast, seedable generator, so jittered delays are reproducible in tests.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A thread-safe source of jitter in [0, 1), shared by the workers of a run.
public final class JitterSource: @unchecked Sendable {
    private let lock = NSLock()
    private var generator: SplitMix64

    /// Seeded for reproducible delays; unseeded draws its seed from the system.
    public init(seed: UInt64? = nil) {
        var system = SystemRandomNumberGenerator()
        generator = SplitMix64(seed: seed ?? system.next())
    }

    /// A uniform value in [0, 1).
    public func nextUnit() -> Double {
        lock.withLock { Double(generator.next() >> 11) * 0x1.0p-53 }
    }
}
