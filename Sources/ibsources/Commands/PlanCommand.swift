import ArgumentParser
import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesMigration

extension IBSources {
    /// `ibsources plan`: what `import` would do, record by record, without writing anything.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what an import would change in the account (create, update with a field diff, unchanged).",
            discussion: """
                Validates every input first (any error: the diagnostics are printed and nothing is fetched), \
                then lists the account's sources once and matches records to them by name. Secrets cannot be \
                compared (the API redacts them) and are never printed.

                Exit status: 0 success; with --detailed-exitcode 0 nothing to do, 2 there are changes; \
                1 an error.
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var connection: ConnectionOptions

        @Option(help: "text or json.")
        var output: OutputFormat = .text

        @Flag(name: .customLong("detailed-exitcode"), help: "Exit 2 when there are changes, 0 when there are none.")
        var detailedExitCode = false

        @Flag(name: .customLong("update-secrets"), help: "Plan to send secrets for existing sources (not compared).")
        var updateSecrets = false

        @Flag(name: .customLong("no-update"), help: "Only create: leave existing sources alone.")
        var noUpdate = false

        @Flag(name: .shortAndLong, help: "Also list unchanged records in the text output.")
        var verbose = false

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let loader = ImportInputLoader(
                inputs: input.sources, format: input.format, options: input.readerOptions, environment: environment,
                allowEmpty: input.allowEmpty)
            loader.printDiagnostics()
            if loader.hasErrors { throw ExitStatus.failed.code }
            let api: APIConfiguration
            do {
                api = try connection.configuration(environment: environment)
            } catch {
                StandardStreams.err("error: \(error)\n")
                throw ExitStatus.failed.code
            }
            let client = SourcesClient(configuration: api, maximumConnections: 2)
            let session = ImportSession(
                configuration: ImportConfiguration(
                    endpoint: api.displayEndpoint, inputs: input.files,
                    planOptions: PlanOptions(updateSecrets: updateSecrets, noUpdate: noUpdate)),
                service: client, governor: RateGovernor(maxRate: nil))
            let prepared: PreparedImport
            do {
                prepared = try await session.prepare(loader.records)
            } catch {
                await client.shutdown()
                if case .planErrors(let errors) = error { StandardStreams.err(DiagnosticPrinter.text(errors)) }
                StandardStreams.err("error: \(error)\n")
                throw ExitStatus.failed.code
            }
            await client.shutdown()
            let plan = prepared.plan
            StandardStreams.out(output == .json ? PlanRenderer.json(plan) : PlanRenderer.text(plan, verbose: verbose))
            if detailedExitCode && plan.hasChanges { throw DetailedExitCode.ChangesPlanned() }
        }
    }
}
