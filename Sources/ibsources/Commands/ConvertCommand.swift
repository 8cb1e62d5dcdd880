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

        @Option(name: .shortAndLong, help: "Write here instead of standard output (created with mode 0600; an existing file is refused).")
        var output: String?

        @Flag(help: "Let -o replace a file that already exists (never one of the inputs).")
        var force = false

        func validate() throws {
            guard WriterRegistry.writer(named: to) != nil else { throw WriterFormats.unknown("--to", to) }
        }

        func run() throws {
            guard let writer = WriterRegistry.writer(named: to) else { throw ExitCode(2) }
            let outputs = OutputPolicy(force: force, inputs: input.files)
            let target = output.map { PlannedOutput(path: $0, role: "output", flag: "-o") }
            if let target {
                do { try outputs.check([target]) } catch { throw commandFailure("\(error); nothing was written", status: 2) }
            }
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
            if store.hasErrors {
                StandardStreams.err(
                    DiagnosticPrinter.text(
                        store.diagnostics, records: loaded.count, valid: loaded.filter(\.valid).count))
                StandardStreams.err("nothing was written: fix the errors above first\n")
                throw ExitCode(1)
            }
            if !store.diagnostics.isEmpty { StandardStreams.err(DiagnosticPrinter.text(store.diagnostics)) }
            let text = writer.render(loaded.map(\.record.source), metadata: ExportMetadata())
            guard let target else {
                StandardStreams.data(text)
                return
            }
            do {
                try outputs.write(text, to: target)
            } catch {
                StandardStreams.err("error: \(error)\n")
                throw ExitCode(2)
            }
            StandardStreams.err("wrote \(loaded.count) sources to \(target.path)\n")
        }
    }
}
