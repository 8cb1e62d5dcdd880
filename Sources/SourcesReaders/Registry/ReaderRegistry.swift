public import SourcesCore

/// The reader plugins, and how an input picks one.
public enum ReaderRegistry {
    /// Every built-in reader. Adding a format: one new file and one line here.
    public static let builtIn: [any RecordReader.Type] = [
        CSVReader.self,
        JSONReader.self,
        YAMLReader.self,
        XMLReader.self,
    ]

    /// The reader for `--format NAME`, or for the input's file extension.
    ///
    /// - Parameter options: The user's reader settings (`--delimiter`).
    /// - Throws: ``ReaderError`` with code `unsupported-format` when neither names a known format.
    public static func reader(for input: InputSource, format: String?, options: ReaderOptions = ReaderOptions())
        throws(ReaderError) -> any RecordReader
    {
        // Built as a Result: Swift 6.3's SILGen crashes on an existential returned
        // straight from a `throws(ReaderError)` body with several throw sites.
        try readerType(for: input, format: format).map { $0.init(options: options) }.get()
    }

    private static func readerType(for input: InputSource, format: String?) -> Result<
        any RecordReader.Type, ReaderError
    > {
        let names = builtIn.map { $0.formatName }.joined(separator: ", ")
        if let format {
            let wanted = format.lowercased()
            guard let type = builtIn.first(where: { $0.formatName == wanted || $0.fileExtensions.contains(wanted) })
            else {
                return .failure(ReaderError(.unsupportedFormat, "unknown format '\(format)'; use one of: \(names)"))
            }
            return .success(type)
        }
        guard let ext = input.fileExtension else {
            return .failure(
                ReaderError(
                    .unsupportedFormat,
                    "cannot tell the format of '\(input.displayName)'; name it with --format (\(names))"))
        }
        guard let type = builtIn.first(where: { $0.fileExtensions.contains(ext) }) else {
            return .failure(
                ReaderError(
                    .unsupportedFormat,
                    "'\(input.displayName)' has the unknown extension '.\(ext)'; name its format with --format (\(names))"
                ))
        }
        return .success(type)
    }
}
