import ArgumentParser
import Foundation
import SourcesAPI
import SourcesCore
import SourcesMigration
import SourcesReaders
import SourcesHTTP

extension IBSources {
    /// `ibsources delete`: deletes sources by name, backup first.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete sources by name (from the command line or a file), with a backup taken first.",
            discussion: """
                Lists the account once; each name in it becomes a delete, each name not in it is reported as \
                skipped (not an error). Before the first delete the account's sources are saved (mode 0600), and \
                the report (JSON and CSV) records every name, so `ibsources rollback REPORT --secrets FILE` can \
                recreate what was deleted. Deleting a source never deletes images from your storage.

                Needs --yes, or a typed confirmation on a terminal.

                Exit status: 0 done (absent names included); 1 some delete failed; 2 nothing was sent (usage, \
                unreadable or empty file, not confirmed); 3 aborted (key refused, nothing succeeded for --stall-timeout); 130 interrupted.
                """)

        @Argument(help: "Source names to delete.")
        var names: [String] = []

        @Option(help: "Read the names from this file: any input format (the 'source' or 'name' of each record).")
        var from: String?

        @Option(help: "Read --from as this format (csv, yaml, xml, json) instead of by extension.")
        var format: String?

        @Flag(
            name: .customLong("allow-empty"),
            help: "Accept a --from file that holds no records (otherwise an error: empty-input).")
        var allowEmpty = false

        @OptionGroup var write: WriteOptions
        @OptionGroup var connection: ConnectionOptions

        func validate() throws {
            if names.isEmpty && from == nil {
                throw ValidationError("Name the sources to delete, or pass --from FILE.")
            }
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            var requests = names.map { DeleteRequest(name: $0) }
            if let from {
                requests += try Self.readNames(from, format: format, environment: environment, allowEmpty: allowEmpty)
            }
            let api = try connection.configurationOrExit(environment: environment)
            let configuration = try write.configuration(
                endpoint: api.displayEndpoint, inputs: from.map { [$0] } ?? ["command line"],
                alsoReads: [connection.apiKeyFile])
            try await write.carryOut(on: api, command: "delete") { setup in
                let session = DeleteSession(
                    configuration: configuration, service: setup.client, governor: setup.governor,
                    control: setup.control)
                return await carryOut(session, requests, setup)
            }
        }

        private func carryOut(_ session: DeleteSession, _ requests: [DeleteRequest], _ setup: WriteRun) async -> Int32 {
            let runner = OperationRunner(
                verb: "Delete", uploader: session.session.uploader, governor: setup.governor,
                interrupts: setup.interrupts, progress: write.progress, output: setup.output)
            let prepared: PreparedImport
            do { prepared = try await session.prepare(requests) } catch { return runner.fail(error) }
            setup.output.plan(PlanRenderer.text(prepared.plan))
            if write.dryRun || !prepared.plan.hasChanges {
                return runner.stop(before: prepared.plan, dryRun: write.dryRun)
            }
            let count = prepared.plan.count(.delete)
            let question =
                "Delete \(count) source\(count == 1 ? "" : "s") from \(session.session.configuration.endpoint)?"
            guard runner.confirm(question, yes: write.yes, typed: "delete \(count)") else {
                return runner.notConfirmed(prepared.plan)
            }
            switch await runner.execute({ try await session.execute(prepared) }) {
            case .success(let outcome): return runner.finish(outcome)
            case .failure(let error): return runner.fail(error)
            }
        }

        /// The names in `path` (any input format), with where each was written.
        ///
        /// - Parameter allowEmpty: `--allow-empty`: a file without records is not an error.
        static func readNames(
            _ path: String, format: String?, environment: [String: String], allowEmpty: Bool
        ) throws -> [DeleteRequest] {
            let store = DiagnosticStore()
            let pipeline = InputPipeline(format: format, environment: environment, diagnostics: store)
            let input = InputSource(argument: path)
            let loaded: [LoadedRecord]
            do {
                loaded = try pipeline.load([input])
            } catch {
                throw commandFailure("\(error.diagnostic.formatted); nothing was sent", status: .nothingDone)
            }
            if loaded.isEmpty && !allowEmpty {
                throw commandFailure(
                    "\(EmptyInputCheck.diagnostic(for: input).formatted); nothing was sent", status: .nothingDone)
            }
            return loaded.compactMap { loaded in
                let name = loaded.record.source.name
                let at = loaded.record.origin.location
                return name.isEmpty ? nil : DeleteRequest(name: name, file: at.file, line: at.line)
            }
        }
    }
}
