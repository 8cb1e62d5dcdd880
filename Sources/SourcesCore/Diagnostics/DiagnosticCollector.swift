import Foundation

/// Receives diagnostics as a run finds them.
public protocol DiagnosticCollector: Sendable {
    /// Records one diagnostic.
    func emit(_ diagnostic: Diagnostic)
}

/// A collector that keeps every diagnostic, in order, and counts them.
public final class DiagnosticStore: DiagnosticCollector {
    private let items = Locked<[Diagnostic]>([])

    /// An empty store.
    public init() {}

    public func emit(_ diagnostic: Diagnostic) {
        items.withLock { $0.append(diagnostic) }
    }

    /// Every diagnostic so far, in the order emitted.
    public var diagnostics: [Diagnostic] { items.withLock { $0 } }

    /// How many diagnostics of `severity` there are.
    public func count(_ severity: Severity) -> Int {
        items.withLock { $0.lazy.filter { $0.severity == severity }.count }
    }

    /// True when any diagnostic is an error.
    public var hasErrors: Bool { count(.error) > 0 }

    /// The record indexes (per file) that have at least one error.
    public func recordsWithErrors() -> Set<RecordKey> {
        items.withLock { items in
            Set(
                items.compactMap { d in
                    guard d.severity == .error, let r = d.record, let f = d.location?.file else { return nil }
                    return RecordKey(file: f, index: r)
                })
        }
    }
}

/// Identifies one record of one input.
public struct RecordKey: Sendable, Hashable {
    /// The input's display name.
    public var file: String
    /// The record's index in it, from 1.
    public var index: Int

    /// Creates a key.
    public init(file: String, index: Int) {
        self.file = file
        self.index = index
    }
}
