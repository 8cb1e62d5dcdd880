public import SourcesCore
import Foundation

/// Forwards diagnostics and remembers which records had an error, so the
/// pipeline can tell a valid record from one that a reader, the normaliser or the
/// validator complained about.
final class ErrorTracker: DiagnosticCollector, @unchecked Sendable {
    private let next: any DiagnosticCollector
    private let lock = NSLock()
    private var failed: Set<RecordKey> = []

    init(forwardingTo next: any DiagnosticCollector) {
        self.next = next
    }

    func emit(_ diagnostic: Diagnostic) {
        if diagnostic.severity == .error, let index = diagnostic.record, let file = diagnostic.location?.file {
            lock.withLock { _ = failed.insert(RecordKey(file: file, index: index)) }
        }
        next.emit(diagnostic)
    }

    func hasError(_ key: RecordKey) -> Bool {
        lock.withLock { failed.contains(key) }
    }
}
