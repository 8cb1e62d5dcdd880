import SourcesCore

/// A JSON token and where it starts.
enum JSONToken: Equatable {
    case beginObject, endObject, beginArray, endArray, colon, comma
    case string(String)
    /// A number or `true`/`false`, as written.
    case scalar(String)
    case null
    case end
}

/// Splits JSON text into tokens with positions, reading in chunks (RFC 8259).
final class JSONTokenizer {
    /// The longest string accepted.
    static let maxStringBytes = 16 << 20

    private let input: ChunkedInput
    private var scratch: [UInt8] = []
    /// Whether a string so far held valid UTF-8 beyond ASCII (for the message about one that does not).
    private var sawUTF8 = false

    init(_ input: ChunkedInput) throws(ReaderError) {
        self.input = input
        try input.skipBOM()
    }

    var file: String { input.file }

    /// The next token and its location.
    func next() throws(ReaderError) -> (JSONToken, SourceLocation) {
        while let b = try input.peek(), ASCIIWhitespace.contains(b) { input.advance(b) }
        let at = input.location
        guard let b = try input.peek() else { return (.end, at) }
        switch b {
        case UInt8(ascii: "{"): input.advance(b); return (.beginObject, at)
        case UInt8(ascii: "}"): input.advance(b); return (.endObject, at)
        case UInt8(ascii: "["): input.advance(b); return (.beginArray, at)
        case UInt8(ascii: "]"): input.advance(b); return (.endArray, at)
        case UInt8(ascii: ":"): input.advance(b); return (.colon, at)
        case UInt8(ascii: ","): input.advance(b); return (.comma, at)
        case UInt8(ascii: "\""): return (.string(try string(at: at)), at)
        default:
            let word = try bareWord()
            switch word {
            case "true", "false": return (.scalar(word), at)
            case "null": return (.null, at)
            default:
                if Self.isNumber(word) { return (.scalar(word), at) }
                // A bare word is not quoted back: it may be a secret written without quotes.
                let shown = word.isEmpty ? Self.describe(byte: b) : "unquoted text"
                throw ReaderError(
                    .parseError, "unexpected \(shown) in JSON; expected a value such as \"text\", a number, an object or an array",
                    at: at)
            }
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

    private static func describe(byte: UInt8) -> String {
        byte < 0x20 || byte >= 0x7F ? "byte 0x" + String(byte, radix: 16) : "'\(Character(Unicode.Scalar(byte)))'"
    }

    private func bareWord() throws(ReaderError) -> String {
        scratch.removeAll(keepingCapacity: true)
        while let b = try input.peek(), b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
            || (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
        {
            guard scratch.count < 64 else { break }
            scratch.append(b)
            input.advance(b)
        }
        return String(decoding: scratch, as: UTF8.self)
    }

    /// True for JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    static func isNumber(_ s: String) -> Bool {
        var u = Array(s.utf8)[...]
        func digits() -> Int {
            var n = 0
            while let c = u.first, c >= 48, c <= 57 { u.removeFirst(); n += 1 }
            return n
        }
        if u.first == UInt8(ascii: "-") { u.removeFirst() }
        if u.first == 48 { u.removeFirst() } else if digits() == 0 { return false }
        if u.first == UInt8(ascii: ".") { u.removeFirst(); if digits() == 0 { return false } }
        if u.first == UInt8(ascii: "e") || u.first == UInt8(ascii: "E") {
            u.removeFirst()
            if u.first == UInt8(ascii: "+") || u.first == UInt8(ascii: "-") { u.removeFirst() }
            if digits() == 0 { return false }
        }
        return u.isEmpty
    }

    private func string(at start: SourceLocation) throws(ReaderError) -> String {
        input.advance(34)
        scratch.removeAll(keepingCapacity: true)
        var high: UInt8 = 0
        while true {
            guard let b = try input.peek() else {
                throw ReaderError(.parseError, "unterminated string: add the closing '\"'", at: start)
            }
            if b == 34 {
                input.advance(b)
                break
            }
            if b < 0x20 {
                throw ReaderError(
                    .parseError, "a control character inside a string must be escaped (\\n, \\t, \\u00XX)",
                    at: input.location)
            }
            guard scratch.count < Self.maxStringBytes else {
                throw ReaderError(.limitExceeded, "a string is longer than 16 MiB", at: start)
            }
            input.advance(b)
            high |= b
            if b == UInt8(ascii: "\\") { try escape() } else { scratch.append(b) }
        }
        guard let text = String(validating: scratch, as: UTF8.self) else {
            throw ReaderError(
                .parseError,
                "a string " + TextEncodingSniffer.describeInvalidUTF8(scratch, file: input.file, sawUTF8: sawUTF8),
                at: start)
        }
        if high >= 0x80 { sawUTF8 = true }
        return text
    }

    private func escape() throws(ReaderError) {
        let at = input.location
        guard let e = try input.peek() else { throw ReaderError(.parseError, "unterminated escape", at: at) }
        input.advance(e)
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(e)
        case UInt8(ascii: "b"): scratch.append(8)
        case UInt8(ascii: "f"): scratch.append(12)
        case UInt8(ascii: "n"): scratch.append(10)
        case UInt8(ascii: "r"): scratch.append(13)
        case UInt8(ascii: "t"): scratch.append(9)
        case UInt8(ascii: "u"):
            var code = try hex4(at: at)
            if (0xD800..<0xDC00).contains(code) {
                guard try input.peek() == UInt8(ascii: "\\") else { throw badEscape(at) }
                input.advance(UInt8(ascii: "\\"))
                guard try input.peek() == UInt8(ascii: "u") else { throw badEscape(at) }
                input.advance(UInt8(ascii: "u"))
                let low = try hex4(at: at)
                guard (0xDC00..<0xE000).contains(low) else { throw badEscape(at) }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(code) {
                throw badEscape(at)
            }
            guard let scalar = Unicode.Scalar(code) else { throw badEscape(at) }
            scratch.append(contentsOf: String(Character(scalar)).utf8)
        default:
            throw ReaderError(.parseError, "unknown escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: at)
        }
    }

    private func badEscape(_ at: SourceLocation) -> ReaderError {
        ReaderError(.parseError, "invalid \\u escape (a lone or malformed UTF-16 surrogate)", at: at)
    }

    private func hex4(at: SourceLocation) throws(ReaderError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let h = try input.peek() else { throw badEscape(at) }
            let digit: UInt32
            switch h {
            case 48...57: digit = UInt32(h - 48)
            case 65...70: digit = UInt32(h - 55)
            case 97...102: digit = UInt32(h - 87)
            default: throw badEscape(at)
            }
            input.advance(h)
            value = value << 4 | digit
        }
        return value
    }
}
