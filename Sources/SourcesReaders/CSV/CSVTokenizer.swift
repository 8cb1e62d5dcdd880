import SourcesCore

/// One field of a CSV row: its text and where it starts.
struct CSVField {
    var value: String
    var line: Int
    var column: Int
    var quoted: Bool
}

/// Splits CSV bytes into rows of fields (RFC 4180: quoted fields, doubled quotes,
/// line breaks inside quotes, LF, CRLF or CR line ends, a UTF-8 byte order mark, UTF-16
/// with a byte order mark), with the delimiter given or taken from the header line.
///
/// It never holds more than one row, and refuses a field longer than ``maxFieldBytes``.
/// Text that is not UTF-8 (or a NUL byte) stops it: the input is in another encoding,
/// and the error says which one it looks like.
final class CSVTokenizer {
    /// The longest field accepted, so a stray quote cannot swallow a whole large file.
    static let maxFieldBytes = 16 << 20
    /// The delimiters the header line is searched for, in order of preference on a tie.
    static let candidateDelimiters: [UInt8] = [44, 59, 9, 124]  // , ; tab |

    private let input: ChunkedInput
    /// The field delimiter.
    let delimiter: UInt8
    /// Per byte: 0 a byte inside a cell, 1 the delimiter, 2 a line feed, 3 a byte the
    /// plain path leaves to the general one (NUL, CR, a quote, non-ASCII).
    private let byteClasses: [UInt8]
    private var scratch: [UInt8] = []
    /// Where each cell of a plain row starts (``plainRow(maxCells:into:index:itemsBefore:)``).
    private var cellStarts: [UInt32] = []
    /// The fields of the last row read.
    private(set) var fields: [CSVField] = []
    /// The line the last row starts on.
    private(set) var rowLine = 0
    /// Problems in the last row that do not stop the parse (message, location).
    private(set) var problems: [(String, SourceLocation)] = []
    /// Whether a field so far held valid UTF-8 beyond ASCII (to tell a file in another
    /// encoding from a UTF-8 file with one foreign value).
    private var sawUTF8 = false

    /// Starts reading `input`, with `delimiter`, or the one its header line uses when nil.
    init(_ input: ChunkedInput, delimiter: UInt8? = nil) throws(ReaderError) {
        self.input = input
        scratch.reserveCapacity(256)
        try input.prepareText()
        let chosen: UInt8
        if let delimiter {
            chosen = delimiter
        } else {
            chosen = try Self.detectDelimiter(input)
        }
        self.delimiter = chosen
        byteClasses = (0...255).map { b -> UInt8 in
            if b == chosen { return 1 }
            switch b {
            case 10: return 2
            case 0, 13, 34, 0x80...: return 3
            default: return 0
            }
        }
    }

    /// The candidate delimiter that occurs most often outside quotes in the header line
    /// (as far as it is buffered), a comma on a tie or when none occurs.
    private static func detectDelimiter(_ input: ChunkedInput) throws(ReaderError) -> UInt8 {
        guard try input.ensure() else { return 44 }
        var counts = [Int](repeating: 0, count: candidateDelimiters.count)
        var quoted = false
        var i = input.pos
        scan: while i < input.end {
            let b = input.buffer[i]
            if b == 34 {
                quoted.toggle()
            } else if !quoted {
                if b == 10 || b == 13 { break scan }
                if let k = candidateDelimiters.firstIndex(of: b) { counts[k] += 1 }
            }
            i += 1
        }
        var best = 0
        for k in counts.indices where counts[k] > counts[best] { best = k }
        return candidateDelimiters[best]
    }

    var file: String { input.file }

    /// Reads the next non-blank row into ``fields``; false at the end of the input.
    func nextRow() throws(ReaderError) -> Bool {
        while true {
            fields.removeAll(keepingCapacity: true)
            problems.removeAll(keepingCapacity: true)
            guard try input.ensure() else { return false }
            rowLine = input.line
            var more = true
            // The common case (an unquoted field inside the buffered bytes) stays in this
            // loop; readField, with its larger frame, takes the rest.
            while more {
                if let fast = try unquotedInBuffer(line: input.line, column: input.column) {
                    more = fast
                } else {
                    more = try readField()
                }
            }
            let blank = fields.count == 1 && !fields[0].quoted && fields[0].value.isEmpty
            if !blank { return true }
        }
    }

    /// The common row, without any per-field work: when the next row lies whole in the
    /// buffered bytes, is ASCII without quotes, NUL bytes or a lone carriage return, is
    /// not blank and has at most `maxCells` cells, appends it to `rows` and moves past
    /// it. Otherwise consumes nothing and returns false (``nextRow()`` reads it).
    func plainRow(maxCells: Int, into rows: inout PlainRows, index: Int, itemsBefore: Int) throws(ReaderError)
        -> Bool
    {
        guard try input.ensure(), input.column == 1 else { return false }
        let buffer = input.buffer
        let start = input.pos
        let end = input.end
        cellStarts.removeAll(keepingCapacity: true)
        cellStarts.append(0)
        // (where the row's text ends, where its line feed is)
        let scanned = byteClasses.withUnsafeBufferPointer { classes -> (Int, Int)? in
            var i = start
            while i < end {
                let b = buffer[i]
                switch classes[Int(b)] {
                case 0: break
                case 1: cellStarts.append(UInt32(truncatingIfNeeded: i + 1 - start))
                case 2: return (i, i)
                default:
                    // A CR ends the row only before a LF.
                    guard b == 13, i + 1 < end, buffer[i + 1] == 10 else { return nil }
                    return (i, i + 1)
                }
                i += 1
            }
            return nil
        }
        guard let (rowEnd, i) = scanned, rowEnd > start, cellStarts.count <= maxCells else { return false }
        cellStarts.withUnsafeBufferPointer {
            rows.append(
                UnsafeRawBufferPointer(rebasing: buffer[start..<rowEnd]), cellStarts: $0, line: input.line,
                index: index, itemsBefore: itemsBefore)
        }
        input.pos = i + 1
        input.line += 1
        return true
    }

    /// Reads one field; true when another field of the same row follows.
    private func readField() throws(ReaderError) -> Bool {
        let line = input.line
        let column = input.column
        scratch.removeAll(keepingCapacity: true)
        var quoted = false
        if try input.peek() == UInt8(ascii: "\"") {
            quoted = true
            input.advance(UInt8(ascii: "\""))
            try readQuoted(line: line, column: column)
        }
        // Unquoted text, or anything after a closing quote up to the delimiter.
        var strayAfterQuote = false
        while try input.ensure() {
            let buffer = input.buffer
            var i = input.pos
            let end = input.end
            while i < end {
                let b = buffer[i]
                if b == delimiter || b == 10 || b == 13 { break }
                i += 1
            }
            if i > input.pos {
                if quoted { strayAfterQuote = true }
                try append(from: input.pos, to: i, line: line, column: column)
            }
            if i < end { break }
        }
        if strayAfterQuote {
            problems.append(
                (
                    "text after the closing quote of a field; quote the whole field and double any quote inside it",
                    SourceLocation(file: input.file, line: line, column: column)
                ))
        }
        let text = try scratch.withUnsafeBufferPointer { bytes throws(ReaderError) in
            try decode(bytes, line: line, column: column)
        }
        fields.append(CSVField(value: text, line: line, column: column, quoted: quoted))
        return try endOfField()
    }

    /// The common case, without copying: an unquoted field that ends inside the
    /// buffered bytes. Returns nil (having consumed nothing) when the field needs the
    /// general path: quoted, or running past the buffer.
    @inline(__always)
    private func unquotedInBuffer(line: Int, column: Int) throws(ReaderError) -> Bool? {
        guard try input.ensure() else { return nil }
        let buffer = input.buffer
        let start = input.pos
        let end = input.end
        guard buffer[start] != 34 else { return nil }
        var i = start
        var special = false
        var continuation = 0
        byteClasses.withUnsafeBufferPointer { classes in
            while i < end {
                let b = buffer[i]
                switch classes[Int(b)] {
                case 0: break
                case 1, 2: return
                default:
                    if b == 13 { return }
                    // A quote inside an unquoted field is kept as it is.
                    if b != 34 { special = true }
                    if b & 0xC0 == 0x80 { continuation += 1 }
                }
                i += 1
            }
        }
        guard i < end else { return nil }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[start..<i]).assumingMemoryBound(to: UInt8.self)
        let text =
            special
            ? try decode(bytes, line: line, column: column) : String(decoding: bytes, as: UTF8.self)
        input.pos = i
        input.column += (i - start) - continuation
        fields.append(CSVField(value: text, line: line, column: column, quoted: false))
        return try endOfField()
    }

    /// A field's bytes as text; throws, naming the encoding the input looks like, when
    /// they are not UTF-8 or hold a NUL byte.
    private func decode(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, column: Int) throws(ReaderError) -> String {
        var high: UInt8 = 0
        for b in bytes {
            high |= b
            if b == 0 {
                throw ReaderError(
                    .parseError,
                    "a field holds a NUL byte, which no text file has: is this a binary file, or UTF-16 text "
                        + "without a byte order mark (convert that with iconv -f UTF-16LE -t UTF-8)?",
                    at: SourceLocation(file: input.file, line: line, column: column))
            }
        }
        if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ReaderError(
                .parseError,
                "the field "
                    + TextEncodingSniffer.describeInvalidUTF8(bytes, file: input.file, sawUTF8: sawUTF8),
                at: SourceLocation(file: input.file, line: line, column: column))
        }
        sawUTF8 = true
        return text
    }

    /// Consumes the delimiter after a field; true when another field of the row follows.
    @inline(__always)
    private func endOfField() throws(ReaderError) -> Bool {
        guard let b = try input.peek() else { return false }
        input.advance(b)
        if b == delimiter { return true }
        if b == 13 {
            if try input.peek() == 10 {
                input.advance(10)
            } else {
                input.line += 1
                input.column = 1
            }
        }
        return false
    }

    /// Reads a quoted field's body, after its opening quote, through its closing quote.
    private func readQuoted(line: Int, column: Int) throws(ReaderError) {
        while true {
            guard try input.ensure() else {
                throw ReaderError(
                    .parseError,
                    "unterminated quoted field: the quote opened here is never closed; add the closing '\"'",
                    at: SourceLocation(file: input.file, line: line, column: column))
            }
            let buffer = input.buffer
            var i = input.pos
            let end = input.end
            while i < end, buffer[i] != 34 { i += 1 }
            if i > input.pos { try append(from: input.pos, to: i, line: line, column: column) }
            guard i < end else { continue }
            input.advance(34)
            if try input.peek() == 34 {
                input.advance(34)
                scratch.append(34)
            } else {
                return
            }
        }
    }

    /// Appends `buffer[from..<to]` to the field, advancing the position.
    private func append(from: Int, to: Int, line: Int, column: Int) throws(ReaderError) {
        guard scratch.count + (to - from) <= Self.maxFieldBytes else {
            throw ReaderError(
                .limitExceeded,
                "a field is longer than \(Self.maxFieldBytes >> 20) MiB; is a quote left open before it?",
                at: SourceLocation(file: input.file, line: line, column: column))
        }
        let buffer = input.buffer
        scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[from..<to]))
        var l = input.line
        var c = input.column
        for i in from..<to {
            let b = buffer[i]
            if b == 10 {
                l += 1
                c = 1
            } else if b & 0xC0 != 0x80 {
                c += 1
            }
        }
        input.line = l
        input.column = c
        input.pos = to
    }
}
