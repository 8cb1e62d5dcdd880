import SourcesCore

/// Streams a JSON file through the core's ``JSONLexer`` (the one definition of JSON's
/// syntax) chunk by chunk, and words its problems for a file: at a line and column, saying
/// what to do. Used by the JSON record reader and the secrets-file reader.
final class JSONTokenizer {
    private let input: ChunkedInput
    private var lexer: JSONLexer

    init(_ input: ChunkedInput) throws(ReaderError) {
        self.input = input
        try input.skipBOM()
        lexer = JSONLexer(input: input)
    }

    var file: String { input.file }

    /// The next token and its location.
    func next() throws(ReaderError) -> (JSONToken, SourceLocation) {
        do throws(JSONLexer.Failure) {
            let (token, at) = try lexer.next()
            return (token, location(at))
        } catch {
            throw readerError(error)
        }
    }

    /// Calls `body` with each member name of an object whose `{` was just read (and where
    /// it is), through its `}`; `body` reads the member's value.
    func forEachMember(_ body: (String, SourceLocation) throws(ReaderError) -> Void) throws(ReaderError) {
        var first = true
        while true {
            var (token, at) = try next()
            if token == .endObject { return }
            if !first {
                guard token == .comma else { throw ReaderError(.parseError, "expected ',' or '}' here", at: at) }
                (token, at) = try next()
            }
            first = false
            guard case .string(let key) = token else {
                throw ReaderError(.parseError, "expected a member name in quotes here", at: at)
            }
            let (colon, colonAt) = try next()
            guard colon == .colon else { throw ReaderError(.parseError, "expected ':' here", at: colonAt) }
            try body(key, at)
        }
    }

    private func location(_ at: JSONPosition) -> SourceLocation {
        SourceLocation(file: input.file, line: at.line, column: at.column)
    }

    /// The lexer's problem in a file's words.
    private func readerError(_ failure: JSONLexer.Failure) -> ReaderError {
        let at = location(failure.position)
        let message: String
        switch failure.problem {
        case .input(let error):
            return error as? ReaderError ?? ReaderError(.unreadableInput, "\(error)", at: at)
        case .unexpectedByte(let b):
            message =
                "unexpected \(Self.describe(byte: b)) in JSON; expected a value such as \"text\", a number, an object or an array"
        case .unquotedWord, .invalidNumber:
            // A bare word is not quoted back: it may be a secret written without quotes.
            message =
                "unexpected unquoted text in JSON; expected a value such as \"text\", a number, an object or an array"
        case .unterminatedString: message = "unterminated string: add the closing '\"'"
        case .controlCharacter: message = "a control character inside a string must be escaped (\\n, \\t, \\u00XX)"
        case .unterminatedEscape: message = "unterminated escape"
        case .unknownEscape(let e): message = "unknown escape '\\\(Character(Unicode.Scalar(e)))' in a string"
        case .badUnicodeEscape: message = "invalid \\u escape (a lone or malformed UTF-16 surrogate)"
        case .invalidUTF8(let bytes, let sawUTF8):
            message = "a string " + TextEncodingSniffer.describeInvalidUTF8(bytes, file: input.file, sawUTF8: sawUTF8)
        case .stringTooLong: return ReaderError(.limitExceeded, "a string is longer than 16 MiB", at: at)
        case .wordTooLong: return ReaderError(.limitExceeded, "a number is longer than 16 MiB", at: at)
        }
        return ReaderError(.parseError, message, at: at)
    }

    private static func describe(byte: UInt8) -> String {
        byte < 0x20 || byte >= 0x7F ? "byte 0x" + String(byte, radix: 16) : "'\(Character(Unicode.Scalar(byte)))'"
    }
}

/// The tokenizer's chunks: each refill of the input's buffer, after its byte order mark or
/// UTF-16 transcoding.
extension ChunkedInput: JSONLexer.Input {
    func nextWindow(at position: JSONPosition) throws(JSONLexer.Failure) -> UnsafeBufferPointer<UInt8> {
        // A problem the input finds while refilling (a UTF-16 transcoding error) is located here.
        line = position.line
        column = position.column
        do throws(ReaderError) {
            guard try ensure() else { return UnsafeBufferPointer(start: nil, count: 0) }
        } catch {
            throw .unreadable(error, at: position)
        }
        let window = UnsafeBufferPointer(rebasing: buffer.bindMemory(to: UInt8.self)[pos..<end])
        pos = end
        return window
    }
}
