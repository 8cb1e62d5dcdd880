import Foundation
import SourcesCore
import SourcesMigration

/// The JSON a write command prints with `--output json` or `jsonl` (version 1; README,
/// "Output for scripts", documents every key). Each object is one line.
///
/// - The summary (`"type": "summary"`), last, always with every key (null when it does not apply):
///   `version, type, command, outcome, exit_status, dry_run, changes, error, abort_reason,
///   results, statistics, planned, plan, report, csv, journal, backup, resume_from, failures, warnings`.
/// - A result (`"type": "result"`, jsonl only), one per record as it finishes: the report's
///   result object (`source, file, line, action, status, id, attempts, http_status, errors`,
///   and `fields` for an update) after `version` and `type`.
///
/// Secrets never appear: results and plans carry names, ids and field names, and a plan's
/// secret values are null.
enum RunJSON {
    /// The schema version: a key is only ever added in version 1; a removal or a change of
    /// meaning would be version 2.
    static let version = 1

    /// Why a command ended without carrying a run out.
    enum Stop {
        /// `--dry-run`: the plan is the result.
        case dryRun
        /// The plan has no change: nothing was sent.
        case nothingToDo
        /// The question was answered no (or could not be asked): nothing was sent.
        case notConfirmed
        /// Ctrl-C before the first write.
        case interrupted
        /// An error stopped it (the message, as printed on stderr).
        case failed(String)

        var outcome: String {
            switch self {
            case .dryRun: "dry-run"
            case .nothingToDo: "nothing-to-do"
            case .notConfirmed: "not-confirmed"
            case .interrupted: "interrupted"
            case .failed: "failed"
            }
        }
    }

    /// `{"version": 1, "type": "result", "source": …}`: one finished record.
    static func resultLine(_ result: RecordResult) -> String {
        "{\"version\": \(version), \"type\": \"result\", " + result.json.dropFirst()
    }

    /// The summary of a run that was carried out.
    static func summary(command: String, outcome: ImportOutcome, status: Int32, warnings: [String]) -> String {
        let s = outcome.report.summary
        let reportWritten = outcome.reportError == nil
        let needsResume = s.failed > 0 || outcome.upload.outcome != .completed
        let failures = outcome.report.results.filter { $0.status == .failed }.map { result in
            JSONText.object([
                ("source", JSONText.quote(result.source)), ("file", JSONText.quote(result.file)),
                ("line", String(result.line)), ("errors", JSONText.array(result.errors.map(JSONText.quote))),
            ])
        }
        var errors: [String] = []
        if let error = outcome.reportError { errors.append("cannot write the report: \(error)") }
        return object(
            command: command,
            [
                ("outcome", JSONText.quote(outcome.upload.outcome.rawValue)),
                ("exit_status", String(status)),
                ("dry_run", "false"),
                ("changes", s.created + s.updated + s.deleted > 0 ? "true" : "false"),
                ("error", errors.first.map(JSONText.quote) ?? "null"),
                ("abort_reason", outcome.upload.abortReason.map { JSONText.quote("\($0)") } ?? "null"),
                ("results", results(s)),
                ("statistics", outcome.upload.statistics.json),
                ("planned", "null"),
                ("plan", "null"),
                ("report", reportWritten ? JSONText.quote(outcome.reportPath) : "null"),
                ("csv", reportWritten ? JSONText.quote(outcome.csvPath) : "null"),
                ("journal", reportWritten ? "null" : JSONText.quote(outcome.journalPath)),
                ("backup", outcome.backupPath.map(JSONText.quote) ?? "null"),
                (
                    "resume_from",
                    needsResume ? JSONText.quote(reportWritten ? outcome.reportPath : outcome.journalPath) : "null"
                ),
                ("failures", JSONText.array(failures)),
                ("warnings", JSONText.array(warnings.map(JSONText.quote))),
            ])
    }

    /// The summary of a command that stopped before carrying a run out.
    static func stopped(command: String, _ stop: Stop, plan: Plan?, status: Int32) -> String {
        var error = "null"
        if case .failed(let message) = stop { error = JSONText.quote(message) }
        return object(
            command: command,
            [
                ("outcome", JSONText.quote(stop.outcome)),
                ("exit_status", String(status)),
                ("dry_run", { if case .dryRun = stop { "true" } else { "false" } }()),
                ("changes", plan.map { $0.hasChanges ? "true" : "false" } ?? "null"),
                ("error", error),
                ("abort_reason", "null"),
                ("results", "null"),
                ("statistics", "null"),
                ("planned", plan.map(planned) ?? "null"),
                ("plan", plan.map { compact(PlanRenderer.json($0)) } ?? "null"),
                ("report", "null"), ("csv", "null"), ("journal", "null"), ("backup", "null"), ("resume_from", "null"),
                ("failures", "[]"),
                ("warnings", "[]"),
            ])
    }

    /// The summary of `export -o` or `convert -o`: `version, type, command, outcome ("completed" or
    /// "failed"), exit_status, error, count, path, format` (count, path and format null on failure).
    static func fileSummary(
        command: String, status: ExitStatus, error: String?, count: Int?, path: String?, format: String
    ) -> String {
        object(
            command: command,
            [
                ("outcome", error == nil ? "\"completed\"" : "\"failed\""),
                ("exit_status", String(status.rawValue)),
                ("error", error.map(JSONText.quote) ?? "null"),
                ("count", count.map(String.init) ?? "null"),
                ("path", path.map(JSONText.quote) ?? "null"),
                ("format", JSONText.quote(format)),
            ])
    }

    private static func object(command: String, _ members: [(String, String)]) -> String {
        JSONText.object(
            [("version", String(version)), ("type", "\"summary\""), ("command", JSONText.quote(command))] + members)
    }

    /// Every count, `deleted` included (the report's own summary leaves it out when zero).
    private static func results(_ s: RunSummary) -> String {
        JSONText.object([
            ("total", String(s.total)), ("created", String(s.created)), ("updated", String(s.updated)),
            ("deleted", String(s.deleted)), ("unchanged", String(s.unchanged)), ("skipped", String(s.skipped)),
            ("failed", String(s.failed)),
        ])
    }

    private static func planned(_ plan: Plan) -> String {
        JSONText.object([
            ("create", String(plan.count(.create))), ("update", String(plan.count(.update))),
            ("delete", String(plan.count(.delete))), ("unchanged", String(plan.count(.unchanged))),
            ("skip", String(plan.count(.skip))),
        ])
    }

    /// `text` (JSON spread over lines) on one line.
    static func compact(_ text: String) -> String {
        (try? JSONParser.parse(Array(text.utf8)).serialized) ?? "null"
    }
}
