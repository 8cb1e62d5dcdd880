public import SourcesCore

/// Reads sources from XML with libxml2's streaming `xmlTextReader`, one record at a time.
///
/// See ``XMLRecordIterator`` for the accepted shapes. No network access, no DTD, no
/// entity expansion: a document with a DOCTYPE is refused.
public struct XMLReader: RecordReader {
    public static let formatName = "xml"
    public static let fileExtensions = ["xml"]

    public init() {}

    public func records(from input: InputSource, diagnostics: any DiagnosticCollector) throws(ReaderError)
        -> any RawRecordIterator
    {
        try XMLRecordIterator(input: input, diagnostics: diagnostics)
    }
}
