/// The one definition of JSON's syntax (RFC 8259) in ibsources: tokens, string escapes,
/// numbers, literals and the length limit, each with the position where it starts.
///
/// Every JSON we read goes through it: ``JSONParser`` builds values from it over one buffer
/// (API bodies, the emulator's requests, backups), and the JSON record reader and the
/// secrets-file reader stream files through it with an ``Input`` that hands over one chunk
/// at a time. Nesting is left to those callers (what nests, and how deep, is their grammar).
///
/// It reads a window of bytes in place: a string without escapes that lies in one window
/// is validated and made a `String` in one step, which is most of the time spent on JSON.
public struct JSONLexer {
    /// Hands over the input one window at a time, for a lexer that streams.
    public protocol Input: AnyObject {
        /// The bytes after those already handed over, or an empty buffer at the end. The
        /// previous window is no longer read once this is called. `position` is where the
        /// lexer has read to, for a problem that the input itself finds (a read error).
        func nextWindow(at position: JSONPosition) throws(JSONLexer.Failure) -> UnsafeBufferPointer<UInt8>
    }

    /// The longest string (or bare number) accepted, in bytes.
    public static let maxStringBytes = 16 << 20

    private var window: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// The offset of `window[0]` from the start of the input.
    private var base = 0
    private var line = 1
    private var column = 1
    private let input: (any Input)?
    private var scratch: [UInt8] = []
    /// Whether a string so far held valid UTF-8 beyond ASCII (for the message about one that does not).
    private var sawUTF8 = false

    /// A lexer over one whole buffer, which must outlive it.
    public init(bytes: UnsafeBufferPointer<UInt8>) {
        window = bytes
        input = nil
    }

    /// A lexer that reads `input` window by window.
    public init(input: any Input) {
        window = UnsafeBufferPointer(start: nil, count: 0)
        self.input = input
    }

    /// Where the next byte is.
    public var position: JSONPosition { JSONPosition(offset: base + index, line: line, column: column) }

    /// The next token and where it starts; `.end` (repeatedly) at the end of the input.
    public mutating func next() throws(Failure) -> (JSONToken, JSONPosition) {
        while let b = try peek(), ASCIIWhitespace.contains(b) { advance(b) }
        let at = position
        guard let b = try peek() else { return (.end, at) }
        switch b {
        case UInt8(ascii: "{"): advance(b); return (.beginObject, at)
        case UInt8(ascii: "}"): advance(b); return (.endObject, at)
        case UInt8(ascii: "["): advance(b); return (.beginArray, at)
        case UInt8(ascii: "]"): advance(b); return (.endArray, at)
        case UInt8(ascii: ":"): advance(b); return (.colon, at)
        case UInt8(ascii: ","): advance(b); return (.comma, at)
        case UInt8(ascii: "\""): return (.string(try string(at: at)), at)
        default: return (try bareWord(first: b, at: at), at)
        }
    }

    @inline(__always)
    private mutating func peek() throws(Failure) -> UInt8? {
        if index < window.count { return window[index] }
        guard try refill() else { return nil }
        return window[index]
    }

    /// Consumes one byte, keeping the line and the column (in characters).
    @inline(__always)
    private mutating func advance(_ byte: UInt8) {
        index += 1
        SourceLocation.count(byte, line: &line, column: &column)
    }

    private mutating func refill() throws(Failure) -> Bool {
        guard let input else { return false }
        let at = position
        let next = try input.nextWindow(at: at)
        base = at.offset
        window = next
        index = 0
        return !next.isEmpty
    }

    private func fail(_ problem: Problem, _ at: JSONPosition) -> Failure { Failure(problem: problem, position: at) }

    /// A number or a literal: the longest run of the bytes either may hold, then checked
    /// whole, so that `truex` or `0777` is one bad word rather than a good one and a stray.
    private mutating func bareWord(first: UInt8, at: JSONPosition) throws(Failure) -> JSONToken {
        scratch.removeAll(keepingCapacity: true)
        while let b = try peek(), Self.isWordByte(b) {
            guard scratch.count < Self.maxStringBytes else { throw fail(.wordTooLong, at) }
            scratch.append(b)
            advance(b)
        }
        if scratch.isEmpty { throw fail(.unexpectedByte(first), at) }
        if scratch.elementsEqual("true".utf8) { return .bool(true) }
        if scratch.elementsEqual("false".utf8) { return .bool(false) }
        if scratch.elementsEqual("null".utf8) { return .null }
        if Self.isNumber(scratch) { return .number(String(decoding: scratch, as: UTF8.self)) }
        let numeric = first == UInt8(ascii: "-") || (48...57).contains(first)
        throw fail(numeric ? .invalidNumber : .unquotedWord, at)
    }

    @inline(__always)
    private static func isWordByte(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || (b >= 48 && b <= 57)
            || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    /// True for JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    static func isNumber(_ u: [UInt8]) -> Bool {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            return i - start
        }
        if i < u.count, u[i] == UInt8(ascii: "-") { i += 1 }
        if i < u.count, u[i] == 48 { i += 1 } else if digits() == 0 { return false }
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            if digits() == 0 { return false }
        }
        if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
            i += 1
            if i < u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") { i += 1 }
            if digits() == 0 { return false }
        }
        return i == u.count
    }

    /// The end of the run of plain string bytes (not `"`, `\` or a control character) from
    /// `index` in this window, and the OR of its bytes (to tell whether it is all ASCII).
    @inline(__always)
    private func plainRun() -> (end: Int, high: UInt8) {
        var end = index
        var high: UInt8 = 0
        while end < window.count {
            let b = window[end]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            high |= b
            end += 1
        }
        return (end, high)
    }

    /// Moves past a plain run (no line breaks in it), counting its characters.
    private mutating func skipRun(to end: Int, high: UInt8) {
        if high < 0x80 {
            column += end - index
        } else {
            for i in index..<end where window[i] & 0xC0 != 0x80 { column += 1 }
        }
        index = end
    }

    private mutating func string(at start: JSONPosition) throws(Failure) -> String {
        advance(UInt8(ascii: "\""))
        // Most strings have no escape and lie in one window: validate them in place.
        let (end, high) = plainRun()
        if end < window.count, window[end] == UInt8(ascii: "\"") {
            let run = UnsafeBufferPointer(rebasing: window[index..<end])
            guard run.count <= Self.maxStringBytes else { throw fail(.stringTooLong, start) }
            guard let text = String(validating: run, as: UTF8.self) else {
                throw fail(.invalidUTF8(Array(run), sawUTF8: sawUTF8), start)
            }
            skipRun(to: end, high: high)
            advance(UInt8(ascii: "\""))
            if high >= 0x80 { sawUTF8 = true }
            return text
        }
        scratch.removeAll(keepingCapacity: true)
        var allHigh: UInt8 = 0
        while true {
            guard let b = try peek() else { throw fail(.unterminatedString, start) }
            if b == UInt8(ascii: "\"") {
                advance(b)
                break
            }
            if b < 0x20 { throw fail(.controlCharacter, position) }
            if b == UInt8(ascii: "\\") {
                advance(b)
                try escape()
                continue
            }
            let (end, high) = plainRun()
            guard scratch.count + (end - index) <= Self.maxStringBytes else { throw fail(.stringTooLong, start) }
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: window[index..<end]))
            allHigh |= high
            skipRun(to: end, high: high)
        }
        guard let text = String(validating: scratch, as: UTF8.self) else {
            throw fail(.invalidUTF8(scratch, sawUTF8: sawUTF8), start)
        }
        if allHigh >= 0x80 { sawUTF8 = true }
        return text
    }

    /// The escapes of one letter: for each ASCII byte after a `\`, the byte it stands for (0: none).
    private static let shortEscapes: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 128)
        for (letter, byte) in zip("\"\\/bfnrt".utf8, [0x22, 0x5C, 0x2F, 8, 12, 10, 13, 9] as [UInt8]) {
            table[Int(letter)] = byte
        }
        return table
    }()

    /// Decodes the escape after a `\` into `scratch`.
    private mutating func escape() throws(Failure) {
        let at = position
        guard let e = try peek() else { throw fail(.unterminatedEscape, at) }
        advance(e)
        if e < 0x80, Self.shortEscapes[Int(e)] != 0 {
            scratch.append(Self.shortEscapes[Int(e)])
            return
        }
        guard e == UInt8(ascii: "u") else { throw fail(.unknownEscape(e), at) }
        var code = try hex4(at: at)
        if (0xD800..<0xDC00).contains(code) {
            guard try peek() == UInt8(ascii: "\\") else { throw fail(.badUnicodeEscape, at) }
            advance(UInt8(ascii: "\\"))
            guard try peek() == UInt8(ascii: "u") else { throw fail(.badUnicodeEscape, at) }
            advance(UInt8(ascii: "u"))
            let low = try hex4(at: at)
            guard (0xDC00..<0xE000).contains(low) else { throw fail(.badUnicodeEscape, at) }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(code) {
            throw fail(.badUnicodeEscape, at)
        }
        guard let scalar = Unicode.Scalar(code) else { throw fail(.badUnicodeEscape, at) }
        UTF8.encode(scalar) { scratch.append($0) }
    }

    private mutating func hex4(at: JSONPosition) throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let h = try peek() else { throw fail(.badUnicodeEscape, at) }
            let digit: UInt32
            switch h {
            case 48...57: digit = UInt32(h - 48)
            case 65...70: digit = UInt32(h - 55)
            case 97...102: digit = UInt32(h - 87)
            default: throw fail(.badUnicodeEscape, at)
            }
            advance(h)
            value = value << 4 | digit
        }
        return value
    }
}
