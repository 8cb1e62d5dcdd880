import ArgumentParser
import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesMigration

extension IBSources {
    /// `ibsources export`: every source of the account, in the export envelope.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save every source of the account to a file (a backup that `restore` reads back).",
            discussion: """
                Lists the account once and writes the export envelope (kind, version, exported_at, endpoint, \
                count, sources) in JSON (the default), YAML, CSV or XML; to standard output without -o. Provider \
                secrets are redacted by the API and stay '****'; each source's secret_token (its URL-signing key) \
                is kept, so files are created with mode 0600.

                -o never replaces a file that exists (pass --force to allow it) and never writes over the API key \
                file; the file is written whole or not at all (a temporary file beside it, then renamed).

                Exit status: 0 written; 2 usage or the file cannot be written; 3 the account cannot be listed.
                """)

        @OptionGroup var connection: ConnectionOptions

        @Option(
            name: .shortAndLong, help: "Write here (mode 0600) instead of standard output; an existing file is refused."
        )
        var output: String?

        @Flag(help: "Let -o replace a file that already exists (never an input file).")
        var force = false

        @Option(help: "json, yaml, csv or xml.")
        var format = "json"

        @Option(help: "Never send more than this many requests per second.")
        var rate: Double?

        @Option(
            name: .customLong("output-format"),
            help: "text or json: how to report what -o wrote (json: one summary object on stdout).")
        var outputFormat: OutputFormat = .text

        func validate() throws {
            guard WriterRegistry.writer(named: format) != nil else { throw WriterFormats.unknown("--format", format) }
            if outputFormat == .json && output == nil {
                throw ValidationError(
                    "--output-format json reports on the file -o writes; without -o, standard output is the export "
                        + "itself (its format is --format).")
            }
            if let rate, !(rate > 0) || !rate.isFinite {
                throw ValidationError("--rate must be a positive number of requests per second.")
            }
        }

        func run() async throws {
            let outputs = OutputPolicy(force: force, inputs: [connection.apiKeyFile].compactMap { $0 })
            if let output {
                do { try outputs.check([AccountExporter.output(output)]) } catch {
                    throw commandFailure("\(error); nothing was sent", status: .nothingDone)
                }
            }
            let api = try connection.configurationOrExit(environment: ProcessInfo.processInfo.environment)
            let client = SourcesClient(configuration: api, maximumConnections: 2)
            let exporter = AccountExporter(
                endpoint: api.displayEndpoint, service: client,
                governor: ImportGovernor.make(maxRate: rate))
            let export: AccountExport
            do {
                export = try await exporter.export(format: format)
            } catch {
                await client.shutdown()
                throw failure("\(error)", status: ExitStatus(error))
            }
            await client.shutdown()
            guard let output else {
                StandardStreams.data(export.text)
                return
            }
            do {
                try AccountExporter.write(export, to: output, outputs: outputs)
            } catch {
                throw failure("\(error)", status: ExitStatus(error))
            }
            let count = export.sources.count
            StandardStreams.err("Exported \(count) source\(count == 1 ? "" : "s") to \(output) (mode 0600).\n")
            if outputFormat == .json {
                StandardStreams.out(
                    RunJSON.fileSummary(
                        command: "export", status: .success, error: nil, count: count, path: output, format: format)
                        + "\n")
            }
        }

        /// Prints `message` as an error (and the JSON summary with --output-format json); the exit code.
        private func failure(_ message: String, status: ExitStatus) -> ExitCode {
            if outputFormat == .json {
                StandardStreams.out(
                    RunJSON.fileSummary(
                        command: "export", status: status, error: message, count: nil, path: output, format: format)
                        + "\n")
            }
            return commandFailure(message, status: status)
        }
    }
}
