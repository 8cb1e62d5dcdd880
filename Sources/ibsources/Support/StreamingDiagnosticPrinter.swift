import SourcesCore

/// A collector that prints each diagnostic as it arrives (so memory stays flat on
/// large inputs) and counts them.
final class StreamingDiagnosticPrinter: DiagnosticCollector {
    private let counts = Locked<[Severity: Int]>([:])
    private let write: @Sendable (String) -> Void

    init(write: @escaping @Sendable (String) -> Void = StandardStreams.out) {
        self.write = write
    }

    func emit(_ diagnostic: Diagnostic) {
        counts.withLock { $0[diagnostic.severity, default: 0] += 1 }
        write(DiagnosticPrinter.line(diagnostic) + "\n")
    }

    var errors: Int { counts.withLock { $0[.error] ?? 0 } }
    var warnings: Int { counts.withLock { $0[.warning] ?? 0 } }
}
