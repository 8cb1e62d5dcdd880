import Foundation
import SourcesAPI
import SourcesCore
import SourcesMigration

/// The terminal side of the commands that write through the import engine (`import`,
/// `restore`, `rollback`, `delete`): confirmation, progress line, Ctrl-C, closing summary
/// (`import` gives its own).
struct OperationRunner {
    /// `Restore`, `Rollback`, `Delete` (`Import`): the summary's first word.
    let verb: String
    let uploader: Uploader
    let governor: RateGovernor
    let interrupts: ImportInterruptHandler
    let showProgress: Bool

    /// Runs `body` (the session's execute) with the progress line and the Ctrl-C grace period.
    func execute<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async -> Result<T, any Error> {
        let line = showProgress ? ImportProgressLine(progress: uploader.progress, governor: governor) : nil
        line?.start()
        let task = Task { try await body() }
        interrupts.whenGraceExpires { task.cancel() }
        // A closed standard output does not end the command before its report is written.
        let result = await StandardStreams.deferringPipeExit { await task.result }
        await line?.stop()
        return result
    }

    /// Prints the summary of `outcome` (``OperationSummary`` unless `summary` is given) and
    /// returns its exit status.
    func finish(_ outcome: ImportOutcome, summary: String? = nil) -> Int32 {
        StandardStreams.out(summary ?? OperationSummary.text(outcome, verb: verb))
        if let error = outcome.reportError { StandardStreams.err("error: cannot write the report: \(error)\n") }
        return outcome.exitStatus
    }

    /// Prints `error` and returns the exit status for it.
    func fail(_ error: any Error) -> Int32 {
        StandardStreams.err("error: \(ControlCharacters.escaped("\(error)"))\n")
        if interrupts.interrupted { return 130 }
        if let failure = error as? ImportFailure { return failure.exitStatus }
        if let failure = error as? RestoreFailure { return failure.exitStatus }
        return 1
    }

    /// Asks before writing: `--yes` skips the question; on a terminal the user answers; elsewhere
    /// the command refuses (these commands delete sources, so silence is not consent). While the
    /// question waits, Ctrl-C exits at once (130): nothing was sent.
    ///
    /// - Parameter typed: a word the user must type instead of answering y/N (for deletes).
    func confirm(_ question: String, yes: Bool, typed: String? = nil) -> Bool {
        interrupts.exitingAtOnce { Self.confirm(question, yes: yes, typed: typed) }
    }

    /// Asks `question` on the terminal (y/N); while it waits, Ctrl-C exits at once (130).
    func ask(_ question: String) -> Bool {
        interrupts.exitingAtOnce { ImportConfirmation.ask(question) }
    }

    private static func confirm(_ question: String, yes: Bool, typed: String?) -> Bool {
        if yes { return true }
        guard ImportConfirmation.shouldAsk(readsStandardInput: false) else {
            StandardStreams.err("error: not on a terminal, so nothing can be confirmed: pass --yes; nothing was sent\n")
            return false
        }
        guard let typed else { return ImportConfirmation.ask(question) }
        StandardStreams.err("\(question)\nType \"\(typed)\" to go ahead: ")
        return readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces) == typed
    }
}

/// The closing summary of `restore`, `rollback` and `delete`.
enum OperationSummary {
    /// `1 request`, `2 requests`.
    static func counted(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(n) " + (n == 1 ? one : many ?? one + "s")
    }

    static func text(_ outcome: ImportOutcome, verb: String) -> String {
        let s = outcome.report.summary
        let t = outcome.upload.statistics
        var out = verb + " "
        switch outcome.upload.outcome {
        case .completed: out += "finished: "
        case .interrupted: out += "interrupted: "
        case .aborted: out += "aborted: "
        }
        out += s.text + "\n"
        if let reason = outcome.upload.abortReason { out += "Reason: \(reason)\n" }
        out += String(format: "%.1f s, ", t.elapsedSeconds) + counted(t.requests, "request") + ", "
            + counted(t.retries, "retry", "retries") + ", \(t.rateLimited) answered 429\n"
        for result in outcome.report.results where result.status == .failed {
            out += "  failed  \(ControlCharacters.escaped(result.source)): "
                + ControlCharacters.escaped(result.errors.joined(separator: "; ")) + "\n"
        }
        out += outcome.reportError == nil
            ? "Report: \(outcome.reportPath) (CSV: \(outcome.csvPath))\n" : "Journal: \(outcome.journalPath)\n"
        if let backup = outcome.backupPath { out += "Backup: \(backup)\n" }
        if outcome.backupPath != nil && outcome.reportError == nil {
            out += "To undo it: ibsources rollback \(outcome.reportPath)\n"
        }
        return out
    }
}
