public import SourcesCore

/// Reads JSON in the API's shapes: the list response (a bare array of source
/// objects), a single source object, or the export envelope
/// `{"kind": "imageboss-sources", "version": 1, ..., "sources": [...]}`.
///
/// Sources stream one at a time from the array. Credentials nest under
/// `credentials` or `credential_attributes`; numbers and booleans are kept as
/// written; `null` is an absent value.
public struct JSONReader: RecordReader {
    public static let formatName = "json"
    public static let fileExtensions = ["json"]

    public init() {}

    public func records(from input: InputSource, diagnostics: any DiagnosticCollector) throws(ReaderError)
        -> any RawRecordIterator
    {
        let text = try ChunkedInput(input)
        // UTF-16 with a byte order mark is read; what is not text is refused by name.
        try text.prepareText()
        return JSONRecordIterator(tokenizer: try JSONTokenizer(text), diagnostics: diagnostics)
    }
}

/// Walks a JSON document and yields each source object as a ``RawRecord``.
final class JSONRecordIterator: RawRecordIterator {
    private enum State {
        case start
        /// Inside an array of sources; `topLevel` is false for an envelope's `sources`.
        case array(first: Bool, topLevel: Bool)
        /// Inside the top-level object, which is an envelope or a single source.
        case object(first: Bool)
        case done
    }

    private let tokenizer: JSONTokenizer
    private let diagnostics: any DiagnosticCollector
    private let objects: JSONSourceObjectParser
    private var state = State.start
    private var index = 0
    /// The top-level object's own fields, kept until we know whether it is a source.
    private var pending: RawRecord?
    private var pendingDiagnostics: [Diagnostic] = []
    private var sawSources = false

    init(tokenizer: JSONTokenizer, diagnostics: any DiagnosticCollector) {
        self.tokenizer = tokenizer
        self.diagnostics = diagnostics
        self.objects = JSONSourceObjectParser(tokenizer: tokenizer)
    }

    func next() throws(ReaderError) -> RawRecord? {
        while true {
            switch state {
            case .done:
                return nil
            case .start:
                let (token, at) = try tokenizer.next()
                switch token {
                case .beginArray: state = .array(first: true, topLevel: true)
                case .beginObject:
                    state = .object(first: true)
                    pending = RawRecord(fields: [], origin: RecordOrigin(location: at, index: 1))
                case .end: state = .done
                default:
                    throw ReaderError(
                        .parseError, "expected a JSON array of sources, a source object or an export envelope", at: at)
                }
            case .array(let first, let topLevel):
                var (token, at) = try tokenizer.next()
                if token == .endArray {
                    if topLevel { try finish() } else { state = .object(first: false) }
                    continue
                }
                if !first {
                    guard token == .comma else { throw expected("',' or ']'", at) }
                    (token, at) = try tokenizer.next()
                }
                state = .array(first: false, topLevel: topLevel)
                index += 1
                guard token == .beginObject else {
                    diagnostics.emit(
                        Diagnostic(
                            .error, .unexpectedValue,
                            "item \(index) of the sources array is not an object; it is skipped",
                            location: at, record: index))
                    try objects.skipValue(startingWith: token, at: at)
                    continue
                }
                var record = RawRecord(fields: [], origin: RecordOrigin(location: at, index: index))
                try objects.readMembers(into: &record) { diagnostics.emit($0) }
                return record
            case .object(let first):
                var (token, at) = try tokenizer.next()
                if token == .endObject {
                    if sawSources { try checkEnvelopeVersion() }  // a `version` written after `sources`
                    try finish()
                    if !sawSources, let record = pending, !record.fields.isEmpty {
                        index += 1
                        pendingDiagnostics.forEach { diagnostics.emit($0) }
                        return record
                    }
                    continue
                }
                if !first {
                    guard token == .comma else { throw expected("',' or '}'", at) }
                    (token, at) = try tokenizer.next()
                }
                state = .object(first: false)
                guard case .string(let key) = token else { throw expected("a member name in quotes", at) }
                let (colon, colonAt) = try tokenizer.next()
                guard colon == .colon else { throw expected("':'", colonAt) }
                if key == "sources" {
                    try checkEnvelopeVersion()
                    let (value, valueAt) = try tokenizer.next()
                    guard value == .beginArray else {
                        throw ReaderError(.parseError, "\"sources\" must be an array of source objects", at: valueAt)
                    }
                    sawSources = true
                    state = .array(first: true, topLevel: false)
                    continue
                }
                guard var record = pending else { continue }
                try objects.readMember(key: key, keyAt: at, into: &record) { pendingDiagnostics.append($0) }
                pending = record
            }
        }
    }

    /// Refuses an export envelope (the tool's `kind`) of a newer `version` (``EnvelopeVersion``).
    private func checkEnvelopeVersion() throws(ReaderError) {
        guard let fields = pending?.fields else { return }
        try EnvelopeVersion.check(fields)
    }

    private func finish() throws(ReaderError) {
        state = .done
        let (token, at) = try tokenizer.next()
        guard token == .end else {
            throw ReaderError(.parseError, "unexpected content after the end of the JSON document", at: at)
        }
    }

    private func expected(_ what: String, _ at: SourceLocation) -> ReaderError {
        ReaderError(.parseError, "expected \(what) here", at: at)
    }
}
