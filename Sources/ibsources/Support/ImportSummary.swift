import Foundation
import SourcesMigration

/// The closing summary of `import`: counts, elapsed time, requests per second, retries,
/// 429s, and where the report and the backup are.
enum ImportSummary {
    static func text(_ outcome: ImportOutcome) -> String {
        let s = outcome.report.summary
        let t = outcome.upload.statistics
        var out = ""
        switch outcome.upload.outcome {
        case .completed: out += "Import finished: "
        case .interrupted: out += "Import interrupted: "
        case .aborted: out += "Import aborted: "
        }
        out += s.text + "\n"
        if let reason = outcome.upload.abortReason { out += "Reason: \(reason)\n" }
        out +=
            String(format: "%.1f s, ", t.elapsedSeconds) + OperationSummary.counted(t.requests, "request")
            + String(format: " (%.1f/s), ", t.requestsPerSecond)
            + OperationSummary.counted(t.retries, "retry", "retries")
            + String(format: ", %d answered 429, %.1f s waiting on rate limits\n", t.rateLimited, t.waitedSeconds)
        if outcome.reportError == nil {
            out += "Report: \(outcome.reportPath) (CSV: \(outcome.csvPath))\n"
        } else {
            out += "Journal: \(outcome.journalPath)\n"
        }
        if let backup = outcome.backupPath { out += "Backup: \(backup)\n" }
        if s.failed > 0 || outcome.upload.outcome != .completed {
            let source = outcome.reportError == nil ? outcome.reportPath : outcome.journalPath
            out += "To retry what did not succeed: rerun with --resume \(source)\n"
        }
        return out
    }
}
