import ArgumentParser
import Foundation
import SourcesAPI
import SourcesCore
import SourcesMigration
import SourcesReaders

extension IBSources {
    /// `ibsources import`: makes the account match the input records.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create and update the account's sources so that they match the input files.",
            discussion: """
                Runs the same planning as `plan` (--dry-run stops there), saves a backup of the account before \
                the first write, then sends the writes concurrently under one adaptive rate limit, with retries, \
                and never creates a source twice. Every record gets one result in the report (JSON and a CSV \
                twin); results are journaled as they happen, so --resume can pick up after a crash.

                Exit status: 0 every record created, updated, unchanged (or skipped as asked); 1 some record \
                failed; 2 nothing was sent (usage, unreadable input, invalid records); 3 the run was aborted \
                (key refused, retry budget spent); 130 interrupted.
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var connection: ConnectionOptions

        @Flag(name: .customLong("dry-run"), help: "Print the plan and stop: nothing is written.")
        var dryRun = false

        @Option(help: "At most this many requests in flight.")
        var concurrency = 8

        @Option(help: "Never send more than this many requests per second (default: adapt, starting at 10).")
        var rate: Double?

        @Option(name: .customLong("max-retries"), help: "Retries per request after the first attempt.")
        var maxRetries = 5

        @Option(help: "Where to write the report (default: ibsources-report-<UTC timestamp>.json); a CSV twin goes beside it.")
        var report: String?

        @Option(help: "Where to save the account's sources before the first write (default: ibsources-backup-<UTC timestamp>.json).")
        var backup: String?

        @Flag(name: .customLong("skip-invalid"), help: "Import the valid records and report the invalid ones as skipped.")
        var skipInvalid = false

        @Flag(name: .customLong("update-secrets"), help: "Send secrets for existing sources too (they cannot be compared).")
        var updateSecrets = false

        @Flag(name: .customLong("no-update"), help: "Only create: leave existing sources alone.")
        var noUpdate = false

        @Option(help: "A report or journal of an earlier run: skip what it already did and retry the rest.")
        var resume: String?

        @Flag(name: .shortAndLong, help: "Do not ask before writing.")
        var yes = false

        @Flag(name: .shortAndLong, help: "No progress line.")
        var quiet = false

        func run() async throws {
            if let problem = usageProblem {
                StandardStreams.err("error: \(problem)\n")
                throw ExitCode(2)
            }
            let environment = ProcessInfo.processInfo.environment
            let loader = ImportInputLoader(inputs: input.sources, format: input.format, environment: environment)
            if !loader.diagnostics.isEmpty { StandardStreams.err(DiagnosticPrinter.text(loader.diagnostics)) }
            if let fatal = loader.fatal { throw fail("\(fatal.message); nothing was sent", status: 2) }
            if loader.invalidCount > 0 && !skipInvalid {
                throw fail("\(ImportFailure.invalidRecords(count: loader.invalidCount))", status: 2)
            }
            var resumeState: ResumeState?
            if let resume {
                do { resumeState = try ResumeState.load(path: resume) } catch { throw fail("\(error)", status: 2) }
            }
            let api: APIConfiguration
            do { api = try connection.configuration(environment: environment) } catch { throw fail("\(error)", status: 2) }

            let client = SourcesClient(configuration: api, maximumConnections: concurrency)
            let governor = ImportGovernor.make(maxRate: rate)
            let control = RunControl()
            let session = ImportSession(
                configuration: ImportConfiguration(
                    endpoint: api.endpoint.absoluteString, inputs: input.files,
                    planOptions: PlanOptions(updateSecrets: updateSecrets, noUpdate: noUpdate),
                    upload: UploadSettings(concurrency: concurrency, maxRetries: maxRetries),
                    skipInvalid: skipInvalid, reportPath: report, backupPath: backup, resume: resumeState),
                service: client, governor: governor, control: control)
            let interrupts = ImportInterruptHandler(control: control, announce: !quiet)
            defer { interrupts.cancel() }
            let status = await ImportRunner(
                session: session, governor: governor, interrupts: interrupts, dryRun: dryRun,
                ask: !yes && ImportConfirmation.shouldAsk(readsStandardInput: input.files.contains("-")),
                showProgress: !quiet && StandardStreams.stderrIsTerminal
            ).run(loader.records)
            await client.shutdown()
            if status != 0 { throw ExitCode(status) }
        }

        /// A problem with the flags, worded for the user (exit 2).
        var usageProblem: String? {
            if concurrency < 1 || concurrency > 256 { return "--concurrency must be between 1 and 256" }
            if let rate, !(rate > 0) || !rate.isFinite { return "--rate must be a positive number of requests per second" }
            if maxRetries < 0 || maxRetries > 100 { return "--max-retries must be between 0 and 100" }
            if resume != nil && dryRun { return "--resume and --dry-run cannot be combined" }
            return nil
        }

        private func fail(_ message: String, status: Int32) -> ExitCode {
            StandardStreams.err("error: \(message)\n")
            return ExitCode(status)
        }
    }
}
