public import SourcesCore

/// Reads sources from YAML with libyaml's event parser, streaming one record at a time.
///
/// See ``YAMLRecordIterator`` for the accepted shapes. Scalars are kept exactly as
/// written (`0777`, `1e3` and `no` stay strings); anchors, aliases and merge keys work.
public struct YAMLReader: RecordReader {
    public static let formatName = "yaml"
    public static let fileExtensions = ["yaml", "yml"]

    public init() {}

    public func records(from input: InputSource, diagnostics: any DiagnosticCollector) throws(ReaderError)
        -> any RawRecordIterator
    {
        try YAMLRecordIterator(input: input, diagnostics: diagnostics)
    }
}
