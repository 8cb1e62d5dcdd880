/// A strict RFC 8259 JSON parser producing ``JSONValue`` with member order kept: the
/// values ``JSONLexer`` reads over one buffer (the lexer is the syntax; this is the tree).
///
/// Errors are short and never quote the document (a body may hold secrets).
public struct JSONParser {
    /// Why a document is not JSON.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// What was wrong, without quoting the input.
        public var reason: String
        /// The byte offset where parsing stopped.
        public var offset: Int
        public var description: String { "\(reason) at byte \(offset)" }
    }

    private var lexer: JSONLexer
    private var depth = 0
    private static let maxDepth = 128

    /// Parses a whole document; trailing non-whitespace is an error.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<JSONValue, Failure> in
            var parser = JSONParser(lexer: JSONLexer(bytes: buffer))
            do throws(Failure) {
                return .success(try parser.document())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses a stream of documents separated by white space (JSON Lines, or the YAML test
    /// suite's `in.json`, whose conformance test compares with it); empty for blank input.
    public static func parseStream(_ bytes: [UInt8]) throws(Failure) -> [JSONValue] {
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<[JSONValue], Failure> in
            var parser = JSONParser(lexer: JSONLexer(bytes: buffer))
            var documents: [JSONValue] = []
            do throws(Failure) {
                while true {
                    let (token, at) = try parser.next()
                    if token == .end { return .success(documents) }
                    documents.append(try parser.value(token, at))
                }
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private init(lexer: JSONLexer) { self.lexer = lexer }

    private mutating func document() throws(Failure) -> JSONValue {
        let (token, at) = try next()
        let value = try value(token, at)
        let (end, endAt) = try next()
        guard end == .end else { throw Failure(reason: "unexpected data after the JSON value", offset: endAt.offset) }
        return value
    }

    private mutating func next() throws(Failure) -> (JSONToken, JSONPosition) {
        do throws(JSONLexer.Failure) {
            return try lexer.next()
        } catch {
            throw Failure(reason: Self.reason(error.problem), offset: error.position.offset)
        }
    }

    private mutating func value(_ token: JSONToken, _ at: JSONPosition) throws(Failure) -> JSONValue {
        switch token {
        case .beginObject: return try object(at)
        case .beginArray: return try array(at)
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .end: throw Failure(reason: "unexpected end of document", offset: at.offset)
        case .endObject, .endArray, .colon, .comma: throw Failure(reason: "unexpected character", offset: at.offset)
        }
    }

    private mutating func enter(_ at: JSONPosition) throws(Failure) {
        depth += 1
        if depth > Self.maxDepth { throw Failure(reason: "nesting too deep", offset: at.offset) }
    }

    private mutating func object(_ at: JSONPosition) throws(Failure) -> JSONValue {
        try enter(at)
        defer { depth -= 1 }
        var members: [(String, JSONValue)] = []
        var (token, tokenAt) = try next()
        if token == .endObject { return .object(members) }
        while true {
            guard case .string(let key) = token else {
                throw Failure(reason: "expected a member name", offset: tokenAt.offset)
            }
            let (colon, colonAt) = try next()
            guard colon == .colon else { throw Failure(reason: "expected ':'", offset: colonAt.offset) }
            let (first, firstAt) = try next()
            members.append((key, try value(first, firstAt)))
            guard try another(closing: .endObject, "',' or '}'") else { return .object(members) }
            (token, tokenAt) = try next()
        }
    }

    private mutating func array(_ at: JSONPosition) throws(Failure) -> JSONValue {
        try enter(at)
        defer { depth -= 1 }
        var items: [JSONValue] = []
        var (token, tokenAt) = try next()
        if token == .endArray { return .array(items) }
        while true {
            items.append(try value(token, tokenAt))
            guard try another(closing: .endArray, "',' or ']'") else { return .array(items) }
            (token, tokenAt) = try next()
        }
    }

    /// After a member or an item: true after a `,` (another follows), false at `closing`.
    private mutating func another(closing: JSONToken, _ expected: String) throws(Failure) -> Bool {
        let (separator, at) = try next()
        switch separator {
        case .comma: return true
        case closing: return false
        case .end: throw Failure(reason: "unexpected end of document", offset: at.offset)
        default: throw Failure(reason: "expected \(expected)", offset: at.offset)
        }
    }

    /// The lexer's problem in the parser's words (short; the offset says where).
    private static func reason(_ problem: JSONLexer.Problem) -> String {
        switch problem {
        case .unexpectedByte: "unexpected character"
        case .unquotedWord: "invalid literal"
        case .invalidNumber: "invalid number"
        case .unterminatedString, .unterminatedEscape: "unterminated string"
        case .controlCharacter: "control character in string"
        case .unknownEscape: "invalid escape"
        case .badUnicodeEscape: "invalid \\u escape or unpaired surrogate"
        case .invalidUTF8: "invalid UTF-8"
        case .stringTooLong: "string longer than 16 MiB"
        case .wordTooLong: "number longer than 16 MiB"
        case .input: "unreadable input"
        }
    }
}
