import Foundation

/// Counts the diagnostics that pass through it (by severity, and those that mean an
/// input could not be read), forwarding each: a command's totals and exit status come
/// from here, whatever a listing after it leaves out.
public final class DiagnosticCounter: DiagnosticCollector, @unchecked Sendable {
    private let next: any DiagnosticCollector
    private let lock = NSLock()
    private var counts: [Severity: Int] = [:]
    private var unreadable = 0

    /// Counts, then passes each diagnostic on to `next`.
    public init(forwardingTo next: any DiagnosticCollector) {
        self.next = next
    }

    public func emit(_ diagnostic: Diagnostic) {
        lock.withLock {
            counts[diagnostic.severity, default: 0] += 1
            if diagnostic.code.meansUnreadableInput { unreadable += 1 }
        }
        next.emit(diagnostic)
    }

    /// How many diagnostics of `severity` passed.
    public func count(_ severity: Severity) -> Int { lock.withLock { counts[severity] ?? 0 } }

    /// How many said that an input cannot be read or parsed (``DiagnosticCode/meansUnreadableInput``).
    public var unreadableInputs: Int { lock.withLock { unreadable } }
}
