import Foundation

/// Counts the diagnostics that pass through it (by severity, and those that mean an
/// input could not be read), forwarding each: a command's totals and exit status come
/// from here, whatever a listing after it leaves out.
public final class DiagnosticCounter: DiagnosticCollector {
    private struct Counts {
        var bySeverity: [Severity: Int] = [:]
        var unreadable = 0
    }

    private let next: any DiagnosticCollector
    private let counts = Locked(Counts())

    /// Counts, then passes each diagnostic on to `next`.
    public init(forwardingTo next: any DiagnosticCollector) {
        self.next = next
    }

    public func emit(_ diagnostic: Diagnostic) {
        counts.withLock { counts in
            counts.bySeverity[diagnostic.severity, default: 0] += 1
            if diagnostic.code.meansUnreadableInput { counts.unreadable += 1 }
        }
        next.emit(diagnostic)
    }

    /// How many diagnostics of `severity` passed.
    public func count(_ severity: Severity) -> Int { counts.withLock { $0.bySeverity[severity] ?? 0 } }

    /// How many said that an input cannot be read or parsed (``DiagnosticCode/meansUnreadableInput``).
    public var unreadableInputs: Int { counts.withLock { $0.unreadable } }
}
