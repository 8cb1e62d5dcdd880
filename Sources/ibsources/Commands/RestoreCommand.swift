import ArgumentParser
import Foundation
import SourcesAPI
import SourcesCore
import SourcesMigration
import SourcesReaders
import SourcesHTTP

extension IBSources {
    /// `ibsources restore`: makes the account match an export.
    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the account match an export: create what is missing, update what differs.",
            discussion: """
                The same planning and engine as `import` (backup first, one rate limit, retries, report, \
                --resume). Exports cannot hold provider secrets (the API redacts them): --secrets FILE gives \
                them ({SOURCE_NAME: {FIELD: VALUE}} in YAML or JSON, values may use ${ENV}). A source that must \
                be created and still lacks a secret is skipped, and the plan lists all of them first; a source \
                that exists keeps its own secrets ('****' is never sent). secret_token is carried over so that \
                signed URLs keep working; the report says so for any source where the account did not keep it.

                --prune also deletes the account's sources that are not in the export: shown in the plan, it \
                needs --yes (or a typed confirmation on a terminal), refuses to delete more than --max-delete, \
                and never runs when the export could not be read completely, or holds fewer or more records than \
                its count says (an export without a count, such as a CSV, needs --allow-no-count).

                --secrets-template FILE writes a skeleton secrets file instead (every source that needs provider \
                secrets, with empty values; YAML, mode 0600, never over an existing file) and sends nothing.

                Exit status: 0 done; 1 some source failed; 2 nothing was sent (usage, unreadable export or \
                secrets, invalid records, a failed --check, prune refused or not confirmed); 3 aborted; 130 \
                interrupted.
                """)

        /// The export (any input format; JSON from `ibsources export`), with `--format`, `--delimiter`
        /// and `--allow-empty` as every reading command takes them.
        @OptionGroup var input: InputOptions

        @Option(help: "A YAML or JSON file of provider secrets: {SOURCE_NAME: {FIELD: VALUE}}; values may use ${ENV}.")
        var secrets: String?

        @Flag(help: "Also delete the account's sources that are not in the export.")
        var prune = false

        @Option(name: .customLong("max-delete"), help: "The most sources --prune may delete.")
        var maxDelete = 10

        @Flag(
            name: .customLong("skip-invalid"),
            help: "Restore the valid records and report the invalid ones as skipped (never prunes).")
        var skipInvalid = false

        @Flag(name: .customLong("update-secrets"), help: "Send the secrets file's values for existing sources too.")
        var updateSecrets = false

        @Option(help: "A report or journal of an earlier restore: skip what it already did and retry the rest.")
        var resume: String?

        @Option(
            name: .customLong("secrets-template"),
            help: "Write a skeleton secrets file for the export here (YAML, empty values, mode 0600) and stop.")
        var secretsTemplate: String?

        @Flag(name: .customLong("allow-no-count"), help: "Let --prune run on an export without a count (a CSV export).")
        var allowNoCount = false

        @OptionGroup var write: WriteOptions
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var checks: ImportCheckOptions

        /// The export to restore: the one file `input` names.
        var export: String { input.files.first ?? "" }

        func validate() throws {
            if input.files.count != 1 {
                throw ValidationError("Name one export to restore (a file, or '-' with --format for standard input).")
            }
            if maxDelete < 0 { throw ValidationError("--max-delete must be zero or more") }
            try write.validate(resume: resume)
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let given: [String: Credentials]
            let resumeState: ResumeState?
            let api: APIConfiguration
            let records: Handoff<[CandidateRecord]>
            let exportComplete: Bool
            let skippedSome: Bool
            do {
                // The reader's and the check's copies of the records end with this block: while the
                // restore runs, the plan's are the only ones held (100,000 records: ~30 MB saved).
                let loader = ImportInputLoader(
                    inputs: input.sources, format: input.format, options: input.readerOptions,
                    environment: environment, allowEmpty: input.allowEmpty)
                loader.printDiagnostics()
                if let problem = loader.inputProblem {
                    throw commandFailure("\(problem); nothing was sent", status: .nothingDone)
                }
                if let secretsTemplate {
                    try writeTemplate(secretsTemplate, records: loader.records)
                    return
                }
                given = try OptionFiles.secrets(secrets, environment: environment)
                resumeState = try OptionFiles.resume(resume)
                api = try connection.configurationOrExit(environment: environment)
                // The providers must see the secrets the restore will send: the secrets file applied
                // (a copy of every record it names, made only when there is a check).
                let withSecrets = checks.check ? SecretsApplier.apply(given, to: loader.records).records : nil
                let checked = try await checks.gate(loader.records, checked: withSecrets, environment: environment)
                records = Handoff(checked.records)
                exportComplete = loader.fatal == nil && loader.invalidCount == 0
                skippedSome = checked.skippedSome
            }
            let options = RestoreOptions(
                secrets: given, prune: prune, maxDelete: maxDelete, exportComplete: exportComplete,
                pruneConfirmed: false, skipInvalid: skipInvalid || skippedSome,
                exportCount: export == "-" ? nil : ExportCount.read(path: export, format: input.format),
                requireCount: !allowNoCount)
            let configuration = try write.configuration(
                endpoint: api.displayEndpoint, inputs: [export],
                alsoReads: [secrets, resume, connection.apiKeyFile], resume: resumeState,
                planOptions: PlanOptions(updateSecrets: updateSecrets))
            try await write.carryOut(on: api, command: "restore") { setup in
                await carryOut(configuration: configuration, options: options, records: records, setup)
            }
        }

        /// `--secrets-template FILE`: the skeleton for the export's sources; nothing is sent.
        private func writeTemplate(_ path: String, records: [CandidateRecord]) throws {
            let listed: Int
            do {
                listed = try SecretsTemplate.write(records.map(\.record.source), to: path)
            } catch  where error.errorNumber == EEXIST {
                throw commandFailure(
                    "\(path) already exists; a template never replaces a file: name another one", status: .nothingDone)
            } catch {
                throw commandFailure("\(error)", status: .nothingDone)
            }
            StandardStreams.err(
                "wrote a secrets template for \(listed) source\(listed == 1 ? "" : "s") to \(path) (mode 0600); fill in "
                    + "the values (or ${VARIABLE}s), then: ibsources restore \(export) --secrets \(path)\n")
        }

        private func carryOut(
            configuration: ImportConfiguration, options: RestoreOptions, records: Handoff<[CandidateRecord]>,
            _ setup: WriteRun
        ) async -> Int32 {
            let planning = RestoreSession(
                configuration: configuration, options: options, service: setup.client, governor: setup.governor,
                control: setup.control)
            let runner = OperationRunner(
                verb: "Restore", uploader: planning.session.uploader, governor: setup.governor,
                interrupts: setup.interrupts, progress: write.progress, output: setup.output)
            let prepared: PreparedRestore
            do { prepared = try await planning.prepare(records.take()) } catch {
                if case .engine(.invalidRecords) = error {
                    let message = "\(error) (a restore of a partial export never prunes)"
                    StandardStreams.err("error: \(message)\n")
                    let status = setup.output.exitStatus(.nothingDone)
                    setup.output.stopped(.failed(message), plan: nil, status: status)
                    return status
                }
                return runner.fail(error)
            }
            setup.output.plan(RestorePlanText.render(prepared))
            if let problem = prepared.pruneProblem { return runner.fail(RestoreFailure.pruneRefused(problem)) }
            if write.dryRun || !prepared.plan.hasChanges {
                return runner.stop(before: prepared.plan, dryRun: write.dryRun)
            }
            let deletes = prepared.deleteCount
            let confirmed =
                deletes > 0
                ? runner.confirm(
                    "--prune deletes \(deletes) source\(deletes == 1 ? "" : "s") from \(configuration.endpoint).",
                    yes: write.yes, typed: "delete \(deletes)")
                : write.yes || !ImportConfirmation.shouldAsk(readsStandardInput: false)
                    || runner.ask("Send \(prepared.plan.writeCount) write(s) to \(configuration.endpoint)?")
            guard confirmed else { return runner.notConfirmed(prepared.plan) }
            var ready = prepared
            ready.pruneConfirmed = true
            let session = planning
            switch await runner.execute({ [ready] in try await session.execute(ready) }) {
            case .success(let restored):
                var warnings = restored.tokensNotKept.map {
                    "warning: \($0): the account did not keep its secret_token; re-sign its URLs"
                }
                let missing = prepared.missingSecrets.count
                if missing > 0 {
                    warnings.append(
                        "\(missing) source\(missing == 1 ? " was" : "s were") not created for want of secrets; "
                            + "give them with --secrets FILE and run the restore again")
                }
                return runner.finish(restored.outcome, warnings: warnings)
            case .failure(let error): return runner.fail(error)
            }
        }
    }
}

/// The text of a restore's plan: missing secrets and deletes first, then the engine's plan.
enum RestorePlanText {
    static func render(_ prepared: PreparedRestore) -> String {
        var out = ""
        if !prepared.missingSecrets.isEmpty {
            let n = prepared.missingSecrets.count
            out +=
                "\(n) source\(n == 1 ? "" : "s") cannot be created without secrets (skipped; give them with --secrets):\n"
            for entry in prepared.missingSecrets { out += "    \(entry.formatted)\n" }
        }
        if !prepared.unusedSecrets.isEmpty {
            out +=
                "The secrets file names sources the export does not have (ignored): "
                + prepared.unusedSecrets.joined(separator: ", ") + "\n"
        }
        if prepared.deleteCount > 0 {
            out +=
                "--prune deletes \(prepared.deleteCount) source\(prepared.deleteCount == 1 ? "" : "s") "
                + "that the export does not have.\n"
        }
        return out + PlanRenderer.text(prepared.plan)
    }
}
