import Foundation
import SourcesAPI
import SourcesCore
import SourcesMigration

/// The terminal side of the commands that write through the import engine (`import`,
/// `restore`, `rollback`, `delete`): confirmation, progress, Ctrl-C, and how the command ends
/// (closing summary or JSON through ``RunOutput``; `import` gives its own summary text).
struct OperationRunner {
    /// `Restore`, `Rollback`, `Delete` (`Import`): the summary's first word.
    let verb: String
    let uploader: Uploader
    let governor: RateGovernor
    let interrupts: ImportInterruptHandler
    let progress: ProgressMode
    /// Where the plan, each result and the end go (`--output`, `--verbose`).
    let output: RunOutput

    /// Runs `body` (the session's execute) with the progress line, the results streamed as they
    /// finish, and the Ctrl-C grace period.
    func execute<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async -> Result<T, any Error> {
        let line =
            progress == .none
            ? nil : ImportProgressLine(progress: uploader.progress, governor: governor, mode: progress)
        output.follow(uploader.progress, line: line)
        line?.start()
        let task = Task { try await body() }
        interrupts.whenGraceExpires { task.cancel() }
        // A closed standard output does not end the command before its report is written.
        let result = await StandardStreams.deferringPipeExit { await task.result }
        await line?.stop()
        return result
    }

    /// Prints the end of `outcome` (``OperationSummary`` unless `summary` is given, then
    /// `warnings`, one a line; or the JSON summary) and returns its exit status.
    func finish(_ outcome: ImportOutcome, summary: String? = nil, warnings: [String] = []) -> Int32 {
        let status = output.exitStatus(ExitStatus(outcome.verdict))
        let text = (summary ?? OperationSummary.text(outcome, verb: verb)) + warnings.map { $0 + "\n" }.joined()
        output.finished(outcome, text: text, status: status, warnings: warnings)
        if let error = outcome.reportError { StandardStreams.err("error: cannot write the report: \(error)\n") }
        return status
    }

    /// Prints `error` and returns the exit status for it.
    func fail(_ error: any Error) -> Int32 {
        StandardStreams.err("error: \(ControlCharacters.escaped("\(error)"))\n")
        let status = output.exitStatus(interrupts.interrupted ? .interrupted : ExitStatus(anyFailure: error))
        output.stopped(.failed("\(error)"), plan: nil, status: status)
        return status
    }

    /// Ends a run that writes nothing: `--dry-run`, or a plan without changes. Returns 0 (with
    /// `--detailed-exitcode`, 2 for a dry run with changes).
    func stop(before plan: Plan, dryRun: Bool) -> Int32 {
        output.planned(changes: dryRun && plan.hasChanges)
        let status = output.exitStatus(.success)
        output.stopped(dryRun ? .dryRun : .nothingToDo, plan: plan, status: status)
        return status
    }

    /// Ends a run whose question was not answered yes: nothing was sent (exit 2).
    func notConfirmed(_ plan: Plan) -> Int32 {
        StandardStreams.err("Nothing was sent.\n")
        let status = output.exitStatus(.nothingDone)
        output.stopped(.notConfirmed, plan: plan, status: status)
        return status
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
        out +=
            String(format: "%.1f s, ", t.elapsedSeconds) + counted(t.requests, "request") + ", "
            + counted(t.retries, "retry", "retries") + ", \(t.rateLimited) answered 429\n"
        for result in outcome.report.results where result.status == .failed {
            out +=
                "  failed  \(ControlCharacters.escaped(result.source)): "
                + ControlCharacters.escaped(result.errors.joined(separator: "; ")) + "\n"
        }
        out +=
            outcome.reportError == nil
            ? "Report: \(outcome.reportPath) (CSV: \(outcome.csvPath))\n" : "Journal: \(outcome.journalPath)\n"
        if let backup = outcome.backupPath { out += "Backup: \(backup)\n" }
        if outcome.backupPath != nil && outcome.reportError == nil {
            out += "To undo it: ibsources rollback \(outcome.reportPath)\n"
        }
        return out
    }
}
