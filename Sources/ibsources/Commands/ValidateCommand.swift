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

        @Flag(
            name: .shortAndLong,
            help: "List every diagnostic, including the errors a misnamed column repeats on every record.")
        var verbose = false

        func run() throws {
            // Diagnostics stream out as they are found (text lines, or the items of the JSON
            // array), through one buffer: memory stays flat however many there are.
            let out = BufferedOutput()
            let json = output == .json ? StreamingJSONDiagnosticPrinter(write: out.write) : nil
            let listing: any DiagnosticCollector = json ?? StreamingDiagnosticPrinter(write: out.write)
            // People get the repeats a misnamed column causes summed up; scripts get every one.
            let condenser = json == nil && !verbose ? DiagnosticCondenser(forwardingTo: listing) : nil
            let counter = DiagnosticCounter(forwardingTo: condenser ?? listing)
            var pipeline = InputPipeline(
                format: input.format, environment: ProcessInfo.processInfo.environment, diagnostics: counter)
            pipeline.readerOptions = input.readerOptions
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
                counter.emit(error.diagnostic)
            }
            for source in empty { counter.emit(EmptyInputCheck.diagnostic(for: source)) }
            condenser?.finish()
            let errors = counter.count(.error)
            let warnings = counter.count(.warning)
            if let json {
                json.finish(records: tally.records, valid: tally.valid)
            } else {
                out.write(
                    DiagnosticPrinter.summary(
                        records: tally.records, valid: tally.valid, errors: errors, warnings: warnings)
                        + "\n")
            }
            out.flush()
            if fatal != nil || counter.unreadableInputs > 0 || !empty.isEmpty { throw ExitStatus.nothingDone.code }
            if errors > 0 || (strict && warnings > 0) { throw ExitStatus.failed.code }
        }
    }
}
