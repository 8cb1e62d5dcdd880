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
                Inputs are read, normalised and validated first; any error stops the conversion (exit 1; \
                exit 2 when an input cannot be read) and nothing is written. JSON output is the export envelope \
                {"kind": "imageboss-sources", "version": 1, "sources": [...]}. A ${NAME} reference is written \
                back as it is (the secret it names stays out of the output) unless --expand-variables is given. \
                Other secrets are written as they are, so output files are created with mode 0600.
                """)

        @OptionGroup var input: InputOptions

        @Option(help: "The output format: \(WriterFormats.names).")
        var to: String

        @Option(
            name: .shortAndLong,
            help: "Write here instead of standard output (created with mode 0600; an existing file is refused).")
        var output: String?

        @Option(
            name: .customLong("output-format"),
            help: "text or json: how to report what -o wrote (json: one summary object on stdout).")
        var outputFormat: OutputFormat = .text

        @Flag(help: "Write the values of ${NAME} references (secrets included) instead of the references.")
        var expandVariables = false

        @Flag(
            name: .shortAndLong,
            help: "List every diagnostic, including the errors a misnamed column repeats on every record.")
        var verbose = false

        @Flag(help: "Let -o replace a file that already exists (never one of the inputs).")
        var force = false

        func validate() throws {
            guard WriterRegistry.writer(named: to) != nil else { throw WriterFormats.unknown("--to", to) }
            if outputFormat == .json && output == nil {
                throw ValidationError(
                    "--output-format json reports on the file -o writes; without -o, standard output is the "
                        + "converted file itself.")
            }
        }

        func run() throws {
            guard let writer = WriterRegistry.writer(named: to) else { throw ExitStatus.nothingDone.code }
            let outputs = OutputPolicy(force: force, inputs: input.files)
            let target = output.map { PlannedOutput(path: $0, role: "output", flag: "-o") }
            if let target {
                do { try outputs.check([target]) } catch {
                    summarize(status: .nothingDone, error: "\(error)", count: nil)
                    throw commandFailure("\(error); nothing was written", status: .nothingDone)
                }
            }
            // Diagnostics go to standard error as they are found; the output only once all is valid.
            let printer = StreamingDiagnosticPrinter(write: StandardStreams.err)
            let condenser = verbose ? nil : DiagnosticCondenser(forwardingTo: printer)
            let counter = DiagnosticCounter(forwardingTo: condenser ?? printer)
            var pipeline = InputPipeline(
                format: input.format, environment: ProcessInfo.processInfo.environment, diagnostics: counter,
                keepsVariableReferences: !expandVariables)
            pipeline.readerOptions = input.readerOptions
            var loaded: [LoadedRecord] = []
            var fatal = false
            do {
                loaded = try pipeline.load(input.sources)
            } catch {
                fatal = true
                counter.emit(error.diagnostic)
            }
            let empty =
                fatal || input.allowEmpty
                ? [] : EmptyInputCheck.empty(input.sources, recordFiles: Set(loaded.map(\.record.origin.location.file)))
            for source in empty { counter.emit(EmptyInputCheck.diagnostic(for: source)) }
            condenser?.finish()
            let errors = counter.count(.error)
            let warnings = counter.count(.warning)
            if errors + warnings > 0 {
                let records = fatal ? nil : loaded.count
                let valid = fatal ? nil : loaded.filter(\.valid).count
                StandardStreams.err(
                    DiagnosticPrinter.summary(records: records, valid: valid, errors: errors, warnings: warnings) + "\n"
                )
            }
            if fatal || counter.unreadableInputs > 0 || !empty.isEmpty {
                StandardStreams.err(
                    empty.isEmpty ? "nothing was written: an input cannot be read\n" : "nothing was written\n")
                throw ExitStatus.nothingDone.code
            }
            if errors > 0 {
                StandardStreams.err("nothing was written: fix the errors above first\n")
                throw ExitStatus.failed.code
            }
            let sources = loaded.map { expandVariables ? $0.record.source : $0.record.sourceAsWritten }
            let text = writer.render(sources, metadata: ExportMetadata(keepsVariableReferences: !expandVariables))
            guard let target else {
                StandardStreams.data(text)
                return
            }
            do {
                try outputs.write(text, to: target)
            } catch {
                StandardStreams.err("error: \(error)\n")
                summarize(status: .nothingDone, error: "\(error)", count: nil)
                throw ExitStatus.nothingDone.code
            }
            StandardStreams.err("wrote \(loaded.count) sources to \(target.path)\n")
            summarize(status: .success, error: nil, count: loaded.count)
        }

        /// The JSON summary of what -o wrote, with --output-format json.
        private func summarize(status: ExitStatus, error: String?, count: Int?) {
            guard outputFormat == .json else { return }
            StandardStreams.out(
                RunJSON.fileSummary(
                    command: "convert", status: status, error: error, count: count, path: output, format: to)
                    + "\n")
        }
    }
}
