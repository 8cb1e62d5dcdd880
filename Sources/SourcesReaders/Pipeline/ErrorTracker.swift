import SourcesCore
import Foundation

/// Forwards diagnostics and counts the errors among them, so the pipeline can tell
/// a valid record from one that a reader, the normaliser or the validator complained
/// about (readers report a record's problems while yielding it).
final class ErrorTracker: DiagnosticCollector, @unchecked Sendable {
    private let next: any DiagnosticCollector
    private let lock = NSLock()
    private var errors = 0

    init(forwardingTo next: any DiagnosticCollector) {
        self.next = next
    }

    func emit(_ diagnostic: Diagnostic) {
        if diagnostic.severity == .error { lock.withLock { errors += 1 } }
        next.emit(diagnostic)
    }

    /// How many errors have been reported so far.
    var errorCount: Int { lock.withLock { errors } }
}
