import ArgumentParser
import SourcesCore
import SourcesReaders

/// The inputs every reading command takes: files (`-` for standard input), `--format`
/// and `--delimiter`.
struct InputOptions: ParsableArguments {
    @Argument(help: "Input files (.csv, .yaml/.yml, .xml, .json); '-' reads standard input.")
    var files: [String]

    @Option(help: "Read every input as this format (csv, yaml, xml, json) instead of by extension.")
    var format: String?

    @Flag(
        name: .customLong("allow-empty"),
        help: "Accept an input that holds no records (otherwise an error: empty-input).")
    var allowEmpty = false

    @Option(
        help: ArgumentHelp(
            "The CSV delimiter: one character, or tab, comma, semicolon, pipe (default: the one the header line uses).",
            valueName: "char"))
    var delimiter: String?

    var sources: [InputSource] { files.map(InputSource.init(argument:)) }

    /// The reader settings the options give.
    var readerOptions: ReaderOptions { ReaderOptions(csvDelimiter: delimiter.flatMap(ReaderOptions.delimiter(named:))) }

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one input file (or '-' for standard input).") }
        if files.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("Standard input ('-') can be read only once.")
        }
        if let delimiter, ReaderOptions.delimiter(named: delimiter) == nil {
            throw ValidationError(
                "--delimiter takes one character (not a quote or a line break), or tab, comma, semicolon or pipe; "
                    + "'\(delimiter)' is none of these.")
        }
        if files.contains("-"), format == nil {
            throw ValidationError("Reading standard input needs --format (csv, yaml, xml or json).")
        }
    }
}

/// How a command prints its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
