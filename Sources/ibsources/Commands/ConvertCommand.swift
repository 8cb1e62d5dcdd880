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

        func validate() throws {
            guard WriterRegistry.writer(named: to) != nil else { throw WriterFormats.unknown("--to", to) }
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
                throw ExitCode(2)
            }
            StandardStreams.err("wrote \(loaded.count) sources to \(output)\n")
        }
    }
}
