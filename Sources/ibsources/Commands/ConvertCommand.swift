import ArgumentParser
import Foundation
import SourcesCore
import SourcesMigration
import SourcesReaders

extension IBSources {
    /// `ibsources convert`: rewrites valid inputs in another format.
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rewrite input files in another format (json, yaml, csv, xml).",
            discussion: """
                Inputs are read, normalised and validated first; any error stops the conversion (exit 1) \
                and nothing is written. JSON output is the export envelope \
                {"kind": "imageboss-sources", "version": 1, "sources": [...]}. Secrets are written as they are, \
                so output files are created with mode 0600.
                """)

        @OptionGroup var input: InputOptions

        @Option(help: "The output format: \(WriterFormats.names).")
        var to: String

        @Option(name: .shortAndLong, help: "Write here instead of standard output (created with mode 0600).")
        var output: String?

        @Option(
            name: .customLong("output-format"),
            help: "text or json: how to report what -o wrote (json: one summary object on stdout).")
        var outputFormat: OutputFormat = .text

        func validate() throws {
            guard WriterRegistry.writer(named: to) != nil else { throw WriterFormats.unknown("--to", to) }
            if outputFormat == .json && output == nil {
                throw ValidationError(
                    "--output-format json reports on the file -o writes; without -o, standard output is the "
                        + "converted file itself.")
            }
        }

        func run() throws {
            guard let writer = WriterRegistry.writer(named: to) else { throw ExitCode(2) }
            let store = DiagnosticStore()
            let pipeline = InputPipeline(
                format: input.format, environment: ProcessInfo.processInfo.environment, diagnostics: store)
            let loaded: [LoadedRecord]
            do {
                loaded = try pipeline.load(input.sources)
            } catch {
                store.emit(error.diagnostic)
                StandardStreams.err(DiagnosticPrinter.text(store.diagnostics))
                throw ExitCode(2)
            }
            let empty = input.allowEmpty
                ? [] : EmptyInputCheck.empty(input.sources, recordFiles: Set(loaded.map(\.record.origin.location.file)))
            if !empty.isEmpty {
                for source in empty { store.emit(EmptyInputCheck.diagnostic(for: source)) }
                StandardStreams.err(DiagnosticPrinter.text(store.diagnostics))
                StandardStreams.err("nothing was written\n")
                throw ExitCode(2)
            }
            if store.hasErrors {
                StandardStreams.err(
                    DiagnosticPrinter.text(
                        store.diagnostics, records: loaded.count, valid: loaded.filter(\.valid).count))
                StandardStreams.err("nothing was written: fix the errors above first\n")
                throw ExitCode(1)
            }
            if !store.diagnostics.isEmpty { StandardStreams.err(DiagnosticPrinter.text(store.diagnostics)) }
            let text = writer.render(loaded.map(\.record.source), metadata: ExportMetadata())
            guard let output else {
                StandardStreams.out(text)
                return
            }
            do {
                try PrivateFile.replace(output, with: text)
            } catch {
                StandardStreams.err("error: \(error)\n")
                summarize(status: 2, error: "\(error)", count: nil)
                throw ExitCode(2)
            }
            StandardStreams.err("wrote \(loaded.count) sources to \(output)\n")
            summarize(status: 0, error: nil, count: loaded.count)
        }

        /// The JSON summary of what -o wrote, with --output-format json.
        private func summarize(status: Int32, error: String?, count: Int?) {
            guard outputFormat == .json else { return }
            StandardStreams.out(
                RunJSON.fileSummary(command: "convert", status: status, error: error, count: count, path: output, format: to)
                    + "\n")
        }
    }
}
