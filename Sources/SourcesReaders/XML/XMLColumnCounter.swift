import SourcesCore

/// Turns the byte columns ``XMLTagLocator`` finds into character columns (Unicode
/// scalars, as the other readers count), for a UTF-8 document; a document that declares
/// another encoding keeps byte columns (characters again for ISO-8859-1 and its kin).
struct XMLColumnCounter {
    typealias Position = XMLTagLocator.Position

    /// The last position turned into characters: its line, byte offset and column.
    private var counted = (line: 0, offset: 0, column: 1)
    /// Whether the document is UTF-8, and the length of its byte order mark: read from its
    /// first bytes at the first position.
    private var encoding: (utf8: Bool, bom: Int)?

    /// `position` (a byte column) with its column in characters: the bytes from the start of
    /// its line, or from the last position counted on the same line, are counted eight at a
    /// time, less their UTF-8 continuation bytes. Positions come in input order, so each
    /// byte is counted once; one whose line starts before the kept bytes keeps its byte column.
    mutating func characters(_ position: Position, in input: XMLInput) -> Position {
        if encoding == nil { encoding = Self.documentEncoding(input) }
        guard let encoding, encoding.utf8 else { return position }
        var lineStart = position.offset - (position.column - 1)
        if position.line == 1 { lineStart = max(lineStart, encoding.bom) }
        if position.line != counted.line || position.offset < counted.offset {
            counted = (position.line, lineStart, 1)
        }
        guard position.offset >= 0, counted.offset >= input.base else { return position }
        var column = counted.column
        var p = counted.offset - input.base
        let end = position.offset - input.base
        let bytes = input.bytes
        let high: UInt64 = 0x8080_8080_8080_8080
        while p + 8 <= end {
            let word = UnsafeRawPointer(bytes + p).loadUnaligned(as: UInt64.self)
            // A continuation byte is 10xxxxxx: its high bit set, the next one clear.
            let continuation = word & high & ~((word << 1) & high)
            column += 8 - continuation.nonzeroBitCount
            p += 8
        }
        while p < end {
            if bytes[p] & 0xC0 != 0x80 { column += 1 }
            p += 1
        }
        counted = (position.line, position.offset, column)
        return Position(line: position.line, column: column)
    }

    /// Whether the document is UTF-8 (it declares no other encoding) and how long its byte
    /// order mark is, from its first bytes (kept until the first tag is located).
    private static func documentEncoding(_ input: XMLInput) -> (utf8: Bool, bom: Int) {
        guard input.base == 0 else { return (true, 0) }
        let head = Array(UnsafeBufferPointer(start: input.bytes, count: min(input.count, 512)))
        let bom = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let declaration = head[bom...]
        guard declaration.starts(with: Array("<?xml".utf8)),
            let end = Self.find(Array("?>".utf8), in: declaration),
            let key = Self.find(Array("encoding".utf8), in: declaration[..<end])
        else { return (true, bom) }
        // encoding = "name" or 'name'
        var rest = declaration[(key + 8)..<end].drop { ASCIIWhitespace.contains($0) || $0 == UInt8(ascii: "=") }
        guard let quote = rest.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            return (true, bom)
        }
        rest = rest.dropFirst()
        let name = String(decoding: rest.prefix { $0 != quote }, as: UTF8.self).lowercased()
        return (name == "utf-8" || name == "utf8", bom)
    }

    /// Where `needle` first starts in `haystack`, as an index of `haystack`.
    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in haystack.startIndex...(haystack.endIndex - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
