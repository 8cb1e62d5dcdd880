import ArgumentParser
import SourcesCore

/// The output formats `convert --to` and `export --format` take: the built-in writers.
enum WriterFormats {
    /// `json, yaml, csv, xml`.
    static let names = WriterRegistry.builtIn.map { $0.formatName }.joined(separator: ", ")

    /// The usage error for `value`, given to `flag`, when no writer has that name.
    static func unknown(_ flag: String, _ value: String) -> ValidationError {
        ValidationError("Unknown \(flag) '\(value)'; use one of: \(names).")
    }
}
