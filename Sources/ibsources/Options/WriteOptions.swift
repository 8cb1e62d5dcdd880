import ArgumentParser
import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesMigration

/// The options of every command that writes through the import engine (`import`,
/// `restore`, `rollback`, `delete`): one set of names and defaults.
struct WriteOptions: ParsableArguments {
    @Flag(name: .customLong("dry-run"), help: "Print the plan and stop: nothing is written.")
    var dryRun = false

    @Option(help: "At most this many requests in flight.")
    var concurrency = 8

    @Option(help: "Never send more than this many requests per second (default: adapt, starting at 10).")
    var rate: Double?

    @Option(
        name: .customLong("max-retries"),
        help:
            "Retries per request after a failure of the API (5xx, dropped connection, timeout); throttling (429) does not count."
    )
    var maxRetries = 5

    @Option(
        name: .customLong("stall-timeout"),
        help: ArgumentHelp(
            "Stop (exit 3, resumable) when no request has succeeded for this many seconds.", valueName: "SECONDS"))
    var stallTimeout: Double = 600

    @Option(
        help: "Where to write the report (default: ibsources-report-<UTC timestamp>.json); a CSV twin goes beside it.")
    var report: String?

    @Option(
        help:
            "Where to save the account's sources before the first write (default: ibsources-backup-<UTC timestamp>.json)."
    )
    var backup: String?

    @Flag(help: "Replace a report, CSV twin, journal or backup that already exists (never an input file).")
    var force = false

    @Flag(name: .shortAndLong, help: "Do not ask before writing (deletes need it when not on a terminal).")
    var yes = false

    @Flag(name: .shortAndLong, help: "No progress line (neither on a terminal nor --progress-interval lines).")
    var quiet = false

    @OptionGroup var output: RunOutputOptions

    /// The checks that span these options (a usage error: exit 2, nothing sent).
    func validate() throws {
        if output.detailedExitCode && !dryRun {
            throw ValidationError(
                "--detailed-exitcode goes with --dry-run (0 nothing to do, 2 changes, 1 error); a run that writes "
                    + "has its own exit statuses.")
        }
        if concurrency < 1 || concurrency > 256 { throw ValidationError("--concurrency must be between 1 and 256") }
        if let rate, !(rate > 0) || !rate.isFinite {
            throw ValidationError("--rate must be a positive number of requests per second")
        }
        if maxRetries < 0 || maxRetries > 100 { throw ValidationError("--max-retries must be between 0 and 100") }
        if !(stallTimeout > 0) || !stallTimeout.isFinite {
            throw ValidationError("--stall-timeout must be a positive number of seconds")
        }
    }

    /// `--resume` with `--dry-run` (for the commands that take `--resume`): a usage error.
    func validate(resume: String?) throws {
        if resume != nil && dryRun { throw ValidationError("--resume and --dry-run cannot be combined") }
    }

    /// The engine's configuration for a run on `endpoint` with `inputs`, its outputs checked
    /// (unless it is a dry run, which writes nothing): an output that exists (without `--force`)
    /// or that is one of `inputs` or `alsoReads` (`--resume`, `--secrets`, the key file, a
    /// rollback's backup) is printed and the command exits 2 before anything is sent.
    func configuration(
        endpoint: String, inputs: [String], alsoReads: [String?] = [], resume: ResumeState? = nil,
        planOptions: PlanOptions = PlanOptions(), skipInvalid: Bool = false
    ) throws(ExitCode) -> ImportConfiguration {
        let configuration = ImportConfiguration(
            endpoint: endpoint, inputs: inputs, planOptions: planOptions,
            upload: UploadSettings(concurrency: concurrency, maxRetries: maxRetries, stallTimeout: stallTimeout),
            skipInvalid: skipInvalid,
            reportPath: report, backupPath: backup, resume: resume,
            outputs: OutputPolicy(force: force, inputs: inputs + alsoReads.compactMap { $0 }))
        if !dryRun {
            do {
                try configuration.checkOutputs()
            } catch {
                throw commandFailure("\(error); nothing was sent", status: .nothingDone)
            }
        }
        return configuration
    }

    /// The run's governor: the same as `import`'s.
    func governor() -> RateGovernor { ImportGovernor.make(maxRate: rate) }

    /// The HTTP client for `api`.
    func client(_ api: APIConfiguration) -> SourcesClient {
        SourcesClient(configuration: api, maximumConnections: concurrency)
    }

    /// How to show progress: redrawn on a terminal, plain lines every `--progress-interval` elsewhere.
    var progress: ProgressMode {
        if quiet { return .none }
        if StandardStreams.stderrIsTerminal { return .live }
        return output.progressInterval > 0 ? .every(.milliseconds(Int64(output.progressInterval * 1000))) : .none
    }
}

/// Prints `message` as an error (on one line: a line break or other control character in it,
/// from an input or a server, is shown escaped) and returns the exit code `status`.
func commandFailure(_ message: String, status: ExitStatus) -> ExitCode {
    StandardStreams.err("error: \(ControlCharacters.escaped(message))\n")
    return status.code
}
