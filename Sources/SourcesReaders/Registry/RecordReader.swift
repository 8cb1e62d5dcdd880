public import SourcesCore

/// A reader plugin: turns one input format into a stream of ``RawRecord``s with positions.
///
/// Adding a format means one new conformance in its own file and one line in
/// ``ReaderRegistry/builtIn``.
public protocol RecordReader: Sendable {
    /// The format's name, as `--format` takes it (`csv`).
    static var formatName: String { get }
    /// The file extensions (lowercase, no dot) that select this reader.
    static var fileExtensions: [String] { get }

    /// Creates the reader.
    init()

    /// Creates the reader with the user's settings (a reader takes those that concern it).
    init(options: ReaderOptions)

    /// Starts reading `input`.
    ///
    /// Problems the reader can survive (a record of the wrong shape, say) go to
    /// `diagnostics`; a document that cannot be parsed any further throws.
    ///
    /// - Throws: ``ReaderError`` when the input cannot be opened or parsed.
    func records(from input: InputSource, diagnostics: any DiagnosticCollector) throws(ReaderError)
        -> any RawRecordIterator
}

extension RecordReader {
    /// Most formats have no settings.
    public init(options: ReaderOptions) { self.init() }
}

/// Yields a reader's records one at a time, so that memory does not grow with the input.
public protocol RawRecordIterator: AnyObject {
    /// The next record, or `nil` at the end of the input.
    ///
    /// - Throws: ``ReaderError`` when the input cannot be parsed past this point.
    func next() throws(ReaderError) -> RawRecord?
}
