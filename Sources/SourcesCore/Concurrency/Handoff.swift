/// A value handed over once: ``take()`` moves it out and leaves the box empty.
///
/// For a large value (the records of a 100,000-source restore) that a closure must carry
/// to the one stage that consumes it: captured directly, the closure's copy would keep the
/// whole value alive until the closure ends, after the stage made what it needed of it.
public final class Handoff<Value: RangeReplaceableCollection & Sendable>: Sendable {
    private let value: Locked<Value>

    /// A box holding `value`.
    public init(_ value: Value) { self.value = Locked(value) }

    /// The value, moved out: the box is empty after, so that the taker holds the only copy.
    public func take() -> Value {
        value.withLock { held in
            let taken = held
            held = Value()
            return taken
        }
    }
}
