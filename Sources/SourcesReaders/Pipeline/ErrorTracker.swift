import SourcesCore

/// Forwards diagnostics and counts the errors among them, so the pipeline can tell
/// a valid record from one that a reader, the normaliser or the validator complained
/// about (readers report a record's problems while yielding it).
final class ErrorTracker: DiagnosticCollector {
    private let next: any DiagnosticCollector
    private let errors = Locked(0)

    init(forwardingTo next: any DiagnosticCollector) {
        self.next = next
    }

    func emit(_ diagnostic: Diagnostic) {
        if diagnostic.severity == .error { errors.withLock { $0 += 1 } }
        next.emit(diagnostic)
    }

    /// How many errors have been reported so far.
    var errorCount: Int { errors.withLock { $0 } }
}
