import ArgumentParser
import Foundation
import SourcesCore
import SourcesReaders

extension IBSources {
    /// `ibsources validate`: reads, normalises and checks inputs without contacting the API.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check input files and report every problem with its file:line:column.",
            discussion: """
                Exit status: 0 no error (with --strict: no warning either), 1 a record has an error, \
                2 an input cannot be read or parsed, holds no records (without --allow-empty), or the usage \
                is wrong.
                """)

        @OptionGroup var input: InputOptions

        @Option(help: "text (compiler-style lines) or json.")
        var output: OutputFormat = .text

        @Flag(help: "Treat warnings as errors for the exit status.")
        var strict = false

        func run() throws {
            let printer = output == .text ? StreamingDiagnosticPrinter() : nil
            let store = DiagnosticStore()
            let collector: any DiagnosticCollector = printer ?? store
            let pipeline = InputPipeline(
                format: input.format, environment: ProcessInfo.processInfo.environment, diagnostics: collector)
            var tally = RecordTally()
            var fatal: ReaderError?
            var empty: [InputSource] = []
            do {
                for source in input.sources {  // one at a time, to tell an empty input (same diagnostics)
                    let before = tally.records
                    try pipeline.check([source], tally: &tally)
                    if tally.records == before && !input.allowEmpty { empty.append(source) }
                }
            } catch {
                fatal = error
                collector.emit(error.diagnostic)
            }
            for source in empty { collector.emit(EmptyInputCheck.diagnostic(for: source)) }
            if let printer {
                let summary = DiagnosticPrinter.summary(
                    records: tally.records, valid: tally.valid, errors: printer.errors, warnings: printer.warnings)
                StandardStreams.out(summary + "\n")
            } else {
                StandardStreams.out(
                    DiagnosticPrinter.json(records: tally.records, valid: tally.valid, diagnostics: store.diagnostics))
            }
            let errors = printer?.errors ?? store.count(.error)
            let warnings = printer?.warnings ?? store.count(.warning)
            if fatal != nil || !empty.isEmpty { throw ExitCode(2) }
            if errors > 0 || (strict && warnings > 0) { throw ExitCode(1) }
        }
    }
}
