import Foundation
import SourcesCore
import SourcesMigration

/// Where a write command's words go, by `--output` and `--verbose`:
///
/// | output | plan text | each result                 | end                 |
/// |--------|-----------|-----------------------------|---------------------|
/// | text   | stdout    | `-v`: a line on stdout      | the summary text    |
/// | json   | stderr    | `-v`: a line on stderr      | one JSON object     |
/// | jsonl  | stderr    | a JSON line (and `-v` lines on stderr) | the JSON summary line |
///
/// so that with json or jsonl, stdout holds nothing but JSON (``RunJSON``), and with text the
/// summary stays the last lines of stdout whatever `-v` printed before it.
final class RunOutput: Sendable {
    /// `import`, `restore`, `rollback`, `delete`: the `command` of the JSON.
    let command: String
    let format: RunOutputFormat
    let verbose: Bool
    let detailedExitCode: Bool
    /// `--dry-run`: with json or jsonl, the plan is printed only inside the JSON.
    let dryRun: Bool
    /// Whether a live progress line is drawn, and whether the dry run planned changes; the lock
    /// also keeps each record's lines together.
    private let state = Locked((liveLine: false, changes: false))

    init(command: String, options: RunOutputOptions, dryRun: Bool) {
        self.command = command
        format = options.format
        verbose = options.verbose
        detailedExitCode = options.detailedExitCode
        self.dryRun = dryRun
    }

    /// The plan, or another human-readable account before the run: stdout in text mode, stderr
    /// otherwise (nowhere for a dry run in JSON: the JSON holds the plan).
    func plan(_ text: String) {
        if !format.isJSON {
            StandardStreams.out(text)
        } else if !dryRun {
            StandardStreams.err(text)
        }
    }

    /// Notes that the dry run's plan has changes (for `--detailed-exitcode`).
    func planned(changes: Bool) { state.withLock { $0.changes = changes } }

    /// True when a dry run planned changes.
    var changesPlanned: Bool { state.withLock { $0.changes } }

    /// `status` as the command exits it: mapped by ``DetailedExitCode`` with `--detailed-exitcode`.
    func exitStatus(_ status: ExitStatus) -> Int32 {
        detailedExitCode ? DetailedExitCode.status(status, changes: changesPlanned) : status.rawValue
    }

    /// Streams each finished record of `progress` (jsonl lines, `-v` lines); `line` is the progress
    /// line drawn on the terminal meanwhile, cleared before each `-v` line.
    func follow(_ progress: UploadProgress, line: ImportProgressLine?) {
        guard format == .jsonl || verbose else { return }
        state.withLock { $0.liveLine = line?.isLive ?? false }
        progress.onResult { [self] result in self.record(result) }
    }

    /// Prints what `-v` and `--output jsonl` say about one finished record.
    func record(_ result: RecordResult) {
        state.withLock { state in
            if format == .jsonl { StandardStreams.out(RunJSON.resultLine(result) + "\n") }
            guard verbose, let line = Self.verboseLine(result) else { return }
            // The live progress line is on stderr: clear it so that the name does not land inside it.
            if state.liveLine { StandardStreams.errRaw("\r\u{1B}[2K") }
            if format.isJSON { StandardStreams.err(line) } else { StandardStreams.out(line) }
        }
    }

    /// `created   NAME (id ID)`, `updated   NAME: field, field`, `deleted   NAME`, `failed    NAME: why`;
    /// nil for records that changed nothing (unchanged, skipped).
    static func verboseLine(_ result: RecordResult) -> String? {
        let id = result.id.map { " (id \($0))" } ?? ""
        switch result.status {
        case .created: return "created   \(result.source)\(id)\n"
        case .updated:
            let fields = result.fields.map { $0.isEmpty ? "" : ": " + $0.joined(separator: ", ") } ?? ""
            return "updated   \(result.source)\(id)\(fields)\n"
        case .deleted: return "deleted   \(result.source)\(id)\n"
        case .failed: return "failed    \(result.source): \(result.errors.joined(separator: "; "))\n"
        case .unchanged, .skipped: return nil
        }
    }

    /// The end of a run that was carried out: the summary text, or the JSON summary.
    func finished(_ outcome: ImportOutcome, text: String, status: Int32, warnings: [String] = []) {
        if format.isJSON {
            StandardStreams.out(
                RunJSON.summary(command: command, outcome: outcome, status: status, warnings: warnings) + "\n")
        } else {
            StandardStreams.out(text)
        }
    }

    /// The end of a run that stopped before writing: a dry run, nothing to do, not confirmed,
    /// or an error. Text mode printed its words already; JSON prints the summary object.
    func stopped(_ stop: RunJSON.Stop, plan: Plan?, status: Int32) {
        guard format.isJSON else { return }
        StandardStreams.out(RunJSON.stopped(command: command, stop, plan: plan, status: status) + "\n")
    }
}
