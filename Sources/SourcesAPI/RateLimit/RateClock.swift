import Foundation

/// The time source of a ``RateGovernor`` and ``RetryPolicy`` waits, injectable so
/// tests run on virtual time.
///
/// Times are durations since the clock's own origin (monotonic).
public protocol RateClock: Sendable {
    /// Time elapsed since this clock's origin.
    var now: Duration { get }
    /// Suspends until ``now`` reaches `deadline`; returns at once when it already has.
    /// Throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Duration) async throws
}

/// Real time: `ContinuousClock`, with its origin at creation.
public struct SystemRateClock: RateClock {
    private let origin: ContinuousClock.Instant

    /// A clock whose origin is now.
    public init() { origin = ContinuousClock.now }

    public var now: Duration { ContinuousClock.now - origin }

    public func sleep(until deadline: Duration) async throws {
        try await Task.sleep(until: origin + deadline, clock: .continuous)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }

    /// A duration of `seconds` (negative and non-finite values give zero).
    public static func seconds(double seconds: Double) -> Duration {
        guard seconds.isFinite, seconds > 0 else { return .zero }
        return .nanoseconds(Int64((min(seconds, 9e9) * 1e9).rounded()))
    }
}
