import Foundation
import SourcesCore

/// A collector that prints each diagnostic as it arrives (so memory stays flat on
/// large inputs) and counts them.
final class StreamingDiagnosticPrinter: DiagnosticCollector, @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Severity: Int] = [:]
    private let write: @Sendable (String) -> Void

    init(write: @escaping @Sendable (String) -> Void = StandardStreams.out) {
        self.write = write
    }

    func emit(_ diagnostic: Diagnostic) {
        lock.withLock { counts[diagnostic.severity, default: 0] += 1 }
        write(DiagnosticPrinter.line(diagnostic) + "\n")
    }

    var errors: Int { lock.withLock { counts[.error] ?? 0 } }
    var warnings: Int { lock.withLock { counts[.warning] ?? 0 } }
}
