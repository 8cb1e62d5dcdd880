import Foundation
import SourcesCore
import StorageCheck
import StorageCheckHTTP

/// Runs the storage check over records on the HTTP client: what `check`, `import --check`
/// and `restore --check` share.
enum StorageCheckRun {
    /// Checks `records` and returns the report (in input order). On a terminal, a progress
    /// line on standard error counts the records checked.
    static func run(
        _ records: [SourceRecord], settings: CheckSettings, concurrency: Int = 16, timeout: Double = 10
    ) async -> CheckReport {
        let limits = StorageChecker.Limits(
            concurrency: concurrency, timeout: .milliseconds(Int64((timeout * 1000).rounded())))
        let transport = HTTPStorageTransport(perHost: limits.perHost, timeout: limits.timeout)
        let checker = StorageChecker(transport: transport, settings: settings, limits: limits)
        let progress = StandardStreams.stderrIsTerminal && records.count > 1 ? Progress(total: records.count) : nil
        var onResult: (@Sendable (RecordCheck) -> Void)?
        if let progress { onResult = { _ in progress.advance() } }
        let checks = await checker.check(records, onResult: onResult)
        if progress != nil { StandardStreams.errRaw("\r\u{1B}[K") }
        await transport.shutdown()
        return CheckReport(checks: checks)
    }

    /// The report's problems (every check but `ok`) as compiler-style lines, then its summary.
    static func text(_ report: CheckReport) -> String {
        var out = ""
        for diagnostic in report.diagnostics where diagnostic.severity != .note { out += diagnostic.formatted + "\n" }
        return out + report.summary + "\n"
    }

    /// `checked N/M`, redrawn at most ten times a second.
    private final class Progress: Sendable {
        private let total: Int
        private let state = Locked((done: 0, drawn: ContinuousClock.now - .seconds(1)))

        init(total: Int) { self.total = total }

        func advance() {
            let line: String? = state.withLock { state in
                state.done += 1
                let now = ContinuousClock.now
                guard now - state.drawn >= .milliseconds(100) || state.done == total else { return nil }
                state.drawn = now
                return "\rchecking storage: \(state.done)/\(total)"
            }
            if let line { StandardStreams.errRaw(line) }
        }
    }
}
