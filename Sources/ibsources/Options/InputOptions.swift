import ArgumentParser
import SourcesCore

/// The inputs every reading command takes: files (`-` for standard input) and `--format`.
struct InputOptions: ParsableArguments {
    @Argument(help: "Input files (.csv, .yaml/.yml, .xml, .json); '-' reads standard input.")
    var files: [String]

    @Option(help: "Read every input as this format (csv, yaml, xml, json) instead of by extension.")
    var format: String?

    @Flag(name: .customLong("allow-empty"), help: "Accept an input that holds no records (otherwise an error: empty-input).")
    var allowEmpty = false

    var sources: [InputSource] { files.map(InputSource.init(argument:)) }

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one input file (or '-' for standard input).") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("Standard input ('-') can be read only once.") }
        if files.contains("-"), format == nil {
            throw ValidationError("Reading standard input needs --format (csv, yaml, xml or json).")
        }
    }
}

/// How a command prints its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
