import ArgumentParser
import Foundation
import SourcesAPI
import SourcesCore
import SourcesMigration
import SourcesReaders
import SourcesHTTP

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
                failed; 2 nothing was sent (usage, unreadable input, invalid records, a failed --check); 3 the \
                run was aborted (key refused, nothing succeeded for --stall-timeout); 130 interrupted.
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var connection: ConnectionOptions

        @OptionGroup var write: WriteOptions
        @OptionGroup var checks: ImportCheckOptions

        @Flag(
            name: .customLong("skip-invalid"), help: "Import the valid records and report the invalid ones as skipped.")
        var skipInvalid = false

        @Flag(
            name: .customLong("update-secrets"),
            help: "Send secrets for existing sources too (they cannot be compared).")
        var updateSecrets = false

        @Flag(name: .customLong("no-update"), help: "Only create: leave existing sources alone.")
        var noUpdate = false

        @Option(help: "A report or journal of an earlier run: skip what it already did and retry the rest.")
        var resume: String?

        func validate() throws {
            try write.validate(resume: resume)
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let loader = ImportInputLoader(
                inputs: input.sources, format: input.format, options: input.readerOptions, environment: environment,
                allowEmpty: input.allowEmpty)
            loader.printDiagnostics()
            if let problem = loader.inputProblem {
                throw commandFailure("\(problem); nothing was sent", status: .nothingDone)
            }
            if loader.invalidCount > 0 && !skipInvalid {
                throw commandFailure(
                    "\(ImportFailure.invalidRecords(count: loader.invalidCount))", status: .nothingDone)
            }
            let resumeState = try OptionFiles.resume(resume)
            let api = try connection.configurationOrExit(environment: environment)
            let checked = try await checks.gate(loader.records, environment: environment)
            let configuration = try write.configuration(
                endpoint: api.displayEndpoint, inputs: input.files, alsoReads: [resume, connection.apiKeyFile],
                resume: resumeState,
                planOptions: PlanOptions(updateSecrets: updateSecrets, noUpdate: noUpdate),
                skipInvalid: skipInvalid || checked.skippedSome)
            try await write.carryOut(on: api, command: "import") { setup in
                let session = ImportSession(
                    configuration: configuration, service: setup.client, governor: setup.governor,
                    control: setup.control)
                return await ImportRunner(
                    session: session, governor: setup.governor, interrupts: setup.interrupts, dryRun: write.dryRun,
                    ask: !write.yes && ImportConfirmation.shouldAsk(readsStandardInput: input.files.contains("-")),
                    progress: write.progress, output: setup.output
                ).run(checked.records)
            }
        }
    }
}
