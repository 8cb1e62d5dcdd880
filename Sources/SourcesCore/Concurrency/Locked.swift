import Foundation

/// A value behind a lock: the one lock type of the package.
///
/// A type whose state several tasks or threads touch (a collector the readers' workers emit
/// into, a progress line a timer redraws, the emulator's store) keeps that state in a
/// `Locked` and is then `Sendable` without `@unchecked` (as NIO's `NIOLockedValueBox`, which
/// only the networking modules may import). `NSLock` rather than
/// `Synchronization.Mutex`, which needs macOS 15 (the package supports macOS 14).
/// `withLock` is inlinable so that the readers' per-record paths pay no generic call.
public final class Locked<Value> {
    @usableFromInline let lock = NSLock()
    @usableFromInline var value: Value

    /// A lock around `value`.
    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value. `body` must not call back into this lock.
    @inlinable
    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

// The lock guards every access to `value`, so a `Locked` may be shared when its value may be sent.
extension Locked: @unchecked Sendable where Value: Sendable {}
