import CYAML
import SourcesCore

/// Owns one libyaml event parser reading an ``InputSource`` through a ``ByteStream``,
/// and the current event. Freed in `deinit`.
final class YAMLEventParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// The current event; valid after ``advance()`` until the next call.
    let event: UnsafeMutablePointer<yaml_event_t>
    @exclusivity(unchecked) private var holdsEvent = false
    @exclusivity(unchecked) private var parserReady = false
    private let input: YAMLInput
    /// The input's display name, for locations.
    let file: String
    @exclusivity(unchecked) private var failure: ReaderError?

    /// Opens `source` for event parsing.
    ///
    /// - Throws: ``ReaderError`` with `unreadable-input` when the input cannot be opened.
    init(source: InputSource) throws(ReaderError) {
        let stream: ByteStream
        do { stream = try ByteStream(source) } catch { throw ReaderError(error) }
        file = stream.name
        input = YAMLInput(stream: stream)
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            throw ReaderError(.limitExceeded, "cannot start the YAML parser: out of memory")
        }
        parserReady = true
        yaml_parser_set_input(parser, yamlReadHandler, Unmanaged.passUnretained(input).toOpaque())
    }

    deinit {
        if holdsEvent { yaml_event_delete(event) }
        if parserReady { yaml_parser_delete(parser) }
        event.deallocate()
        parser.deallocate()
    }

    /// The current event's type.
    var type: yaml_event_type_t { event.pointee.type }

    /// Where the current event starts.
    var location: SourceLocation { location(of: event.pointee.start_mark) }

    /// The location of a libyaml mark.
    func location(of mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    /// Parses the next event, freeing the current one.
    ///
    /// - Throws: ``ReaderError`` when the document cannot be parsed past this point
    ///   (and again on every later call).
    func advance() throws(ReaderError) {
        if let failure { throw failure }
        if holdsEvent {
            yaml_event_delete(event)
            holdsEvent = false
        }
        guard yaml_parser_parse(parser, event) == 1 else {
            let error = makeError()
            failure = error
            throw error
        }
        holdsEvent = true
    }

    private func makeError() -> ReaderError {
        let p = parser.pointee
        if let inputError = input.inputError { return ReaderError(inputError) }
        let problem = p.problem.map { String(cString: $0) } ?? "unknown problem"
        switch p.error {
        case YAML_MEMORY_ERROR:
            return ReaderError(.limitExceeded, "the YAML document needs more memory than is available; split it")
        case YAML_READER_ERROR:
            var position: SourceLocation?
            if let at = input.position(ofByte: p.problem_offset) {
                position = SourceLocation(file: file, line: at.line, column: at.column)
            }
            var text = "the input is not valid YAML text: \(problem)"
            if p.problem_value >= 0 { text += " (byte 0x\(String(p.problem_value, radix: 16)))" }
            text += " at byte offset \(p.problem_offset); save the file as UTF-8 text without control characters"
            return ReaderError(.parseError, text, at: position)
        default:
            var text = "YAML syntax error: "
            if let context = p.context {
                let contextLocation = location(of: p.context_mark)
                text += "\(String(cString: context)) (line \(contextLocation.line), column \(contextLocation.column)), "
            }
            text += "\(problem); fix the YAML at this position"
            return ReaderError(.parseError, text, at: location(of: p.problem_mark))
        }
    }
}

/// libyaml's read handler: reads from the ``YAMLInput`` passed as `data`.
private func yamlReadHandler(
    _ data: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<UInt8>?, _ size: Int,
    _ sizeRead: UnsafeMutablePointer<Int>?
) -> Int32 {
    guard let data, let buffer, let sizeRead else { return 0 }
    let input = Unmanaged<YAMLInput>.fromOpaque(data).takeUnretainedValue()
    var count = 0
    guard input.read(into: buffer, size: size, count: &count) else { return 0 }
    sizeRead.pointee = count
    return 1
}
