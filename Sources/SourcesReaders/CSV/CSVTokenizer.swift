import SourcesCore

/// One field of a CSV row: its text and where it starts.
struct CSVField {
    var value: String
    var line: Int
    var column: Int
    var quoted: Bool
}

/// Splits CSV bytes into rows of fields (RFC 4180: quoted fields, doubled quotes,
/// line breaks inside quotes, LF, CRLF or CR line ends, a UTF-8 byte order mark).
///
/// It never holds more than one row, and refuses a field longer than ``maxFieldBytes``.
final class CSVTokenizer {
    /// The longest field accepted, so a stray quote cannot swallow a whole large file.
    static let maxFieldBytes = 16 << 20

    private let input: ChunkedInput
    private var scratch: [UInt8] = []
    /// Where each cell of a plain row starts (``plainRow(maxCells:into:index:itemsBefore:)``).
    private var cellStarts: [UInt32] = []
    /// The fields of the last row read.
    private(set) var fields: [CSVField] = []
    /// The line the last row starts on.
    private(set) var rowLine = 0
    /// Problems in the last row that do not stop the parse (message, location).
    private(set) var problems: [(String, SourceLocation)] = []

    init(_ input: ChunkedInput) throws(ReaderError) {
        self.input = input
        scratch.reserveCapacity(256)
        try input.skipBOM()
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
        let scanned = Self.byteClasses.withUnsafeBufferPointer { classes -> (Int, Int)? in
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

    /// For ``plainRow(maxCells:into:index:itemsBefore:)``: 0 a byte inside a cell, 1 the
    /// delimiter, 2 a line feed, 3 a byte the plain path leaves to the general one.
    private static let byteClasses: [UInt8] = (0...255).map { b -> UInt8 in
        switch b {
        case 44: 1
        case 10: 2
        case 0, 13, 34, 0x80...: 3
        default: 0
        }
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
                if b == 44 || b == 10 || b == 13 { break }
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
                ("text after the closing quote of a field; quote the whole field and double any quote inside it",
                 SourceLocation(file: input.file, line: line, column: column)))
        }
        let text = scratch.withUnsafeBufferPointer { TextDecoding.string($0) }
        if let problem = text.problem {
            problems.append(("the field \(problem)", SourceLocation(file: input.file, line: line, column: column)))
        }
        fields.append(CSVField(value: text.0, line: line, column: column, quoted: quoted))
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
        var high: UInt8 = 0
        var continuation = 0
        var sawNUL = false
        while i < end {
            let b = buffer[i]
            if b <= 44 {
                if b == 44 || b == 10 || b == 13 { break }
                if b == 0 { sawNUL = true }
            } else if b >= 0x80 {
                high |= b
                if b & 0xC0 == 0x80 { continuation += 1 }
            }
            i += 1
        }
        guard i < end else { return nil }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[start..<i]).assumingMemoryBound(to: UInt8.self)
        let text: String
        var problem: String?
        if high == 0 {
            text = String(decoding: bytes, as: UTF8.self)
        } else {
            (text, problem) = TextDecoding.string(bytes)
        }
        if sawNUL, problem == nil { problem = "contains a NUL byte" }
        if let problem {
            problems.append(("the field \(problem)", SourceLocation(file: input.file, line: line, column: column)))
        }
        input.pos = i
        input.column += (i - start) - continuation
        fields.append(CSVField(value: text, line: line, column: column, quoted: false))
        return try endOfField()
    }

    /// Consumes the delimiter after a field; true when another field of the row follows.
    @inline(__always)
    private func endOfField() throws(ReaderError) -> Bool {
        guard let b = try input.peek() else { return false }
        input.advance(b)
        if b == 44 { return true }
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
