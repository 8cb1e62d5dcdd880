#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import SourcesCore

/// Finds the line and column of each element libxml2 reports (libxml2 keeps only a
/// line per node): it walks the raw bytes forward, start tag by start tag, in step
/// with the reader, skipping text, comments, CDATA, processing instructions and end tags.
///
/// Columns count characters (Unicode scalars) from 1, as the other readers' do, in a
/// UTF-8 document (a byte order mark is not counted); in a document that declares another
/// encoding they count bytes, which is characters again for ISO-8859-1 and its kin. When
/// the bytes do not match (UTF-16, say) ``locateStartTag(named:)`` returns false and the
/// caller falls back to libxml2's line.
final class XMLTagLocator {
    /// A position, 1-based.
    struct Position {
        var line: Int
        var column: Int
        /// The absolute byte offset, while the column still counts bytes (-1 once it counts
        /// characters, or when unknown).
        var offset = -1
    }

    /// An attribute of the last start tag located.
    struct Attribute {
        var nameStart: Int
        var nameEnd: Int
        var name: Position
        var value: Position
    }

    private let input: XMLInput
    /// The absolute offset scanning resumes from, and the line there.
    @exclusivity(unchecked) private var cursor = 0
    @exclusivity(unchecked) private var line = 1
    @exclusivity(unchecked) private var lineStart = 0

    /// Where the last start tag located begins (its `<`).
    @exclusivity(unchecked) private(set) var tag = Position(line: 1, column: 1)
    /// Where its content begins (just after its `>`).
    @exclusivity(unchecked) private(set) var content = Position(line: 1, column: 1)
    /// Its attributes, in the order written.
    @exclusivity(unchecked) private(set) var attributes: [Attribute] = []

    /// Turns the scan's byte columns into character columns.
    @exclusivity(unchecked) private var columns = XMLColumnCounter()

    init(input: XMLInput) {
        self.input = input
    }

    /// Set once the bytes stopped matching the reader's elements; from then on nothing is
    /// located and no bytes are kept for locating.
    @exclusivity(unchecked) private(set) var lost = false

    /// Moves to the next start tag, which must be named `name`; true when found.
    ///
    /// The first mismatch switches locating off for the rest of the input (so that the
    /// kept bytes cannot grow with the input).
    func locateStartTag(named name: UnsafePointer<CChar>) -> Bool {
        guard !lost else { return false }
        if scanStartTag(named: name) { return true }
        lost = true
        attributes = []
        input.keepFrom = .max
        return false
    }

    private func scanStartTag(named name: UnsafePointer<CChar>) -> Bool {
        var scan = Scan(
            bytes: input.bytes, count: input.count, base: input.base, at: cursor - input.base,
            line: line, lineStart: lineStart)
        guard scan.at >= 0, scan.toStartTag() else { return false }
        let tagPosition = scan.position
        scan.at += 1
        // The name must be the one libxml2 reported.
        var k = 0
        while name[k] != 0 {
            guard scan.at < scan.count, scan.bytes[scan.at] == UInt8(bitPattern: name[k]) else { return false }
            scan.at += 1
            k += 1
        }
        guard scan.at < scan.count, Scan.endsName(scan.bytes[scan.at]) else { return false }
        // Attributes, up to the end of the tag, into the same array each time (a tag that
        // does not match switches locating off, which empties it).
        if !attributes.isEmpty { attributes.removeAll(keepingCapacity: true) }
        while true {
            scan.skipSpaces()
            guard scan.at < scan.count else { return false }
            let b = scan.bytes[scan.at]
            if b == UInt8(ascii: ">") { scan.at += 1; break }
            if b == UInt8(ascii: "/") { scan.at += 1; continue }
            let nameStart = scan.at
            let namePosition = scan.position
            while scan.at < scan.count, !Scan.endsName(scan.bytes[scan.at]), scan.bytes[scan.at] != UInt8(ascii: "=") {
                scan.at += 1
            }
            let nameEnd = scan.at
            scan.skipSpaces()
            guard scan.at < scan.count, scan.bytes[scan.at] == UInt8(ascii: "=") else { return false }
            scan.at += 1
            scan.skipSpaces()
            guard scan.at < scan.count else { return false }
            let quote = scan.bytes[scan.at]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return false }
            scan.at += 1
            let valuePosition = scan.position
            guard scan.skip(through: quote) else { return false }
            attributes.append(
                Attribute(
                    nameStart: scan.base + nameStart, nameEnd: scan.base + nameEnd, name: namePosition,
                    value: valuePosition))
        }
        // Byte columns to character columns, in input order (each counts on from the last).
        tag = columns.characters(tagPosition, in: input)
        for i in attributes.indices {
            attributes[i].name = columns.characters(attributes[i].name, in: input)
            attributes[i].value = columns.characters(attributes[i].value, in: input)
        }
        content = columns.characters(scan.position, in: input)
        cursor = scan.base + scan.at
        line = scan.line
        lineStart = scan.lineStart
        input.keepFrom = cursor
        return true
    }

    /// The attribute of the last tag named `name`, if it was found there.
    func attribute(named name: UnsafePointer<CChar>) -> Attribute? {
        let length = strlen(name)
        for attribute in attributes where attribute.nameEnd - attribute.nameStart == length {
            let start = attribute.nameStart - input.base
            guard start >= 0 else { return nil }
            if memcmp(input.bytes + start, name, length) == 0 { return attribute }
        }
        return nil
    }

    /// A forward walk over the kept bytes that counts lines as it goes.
    private struct Scan {
        let bytes: UnsafeMutablePointer<UInt8>
        let count: Int
        let base: Int
        var at: Int
        var line: Int
        var lineStart: Int

        var position: Position { Position(line: line, column: base + at - lineStart + 1, offset: base + at) }

        /// Counts the lines in `bytes[at..<to]` and moves to `to`.
        mutating func move(to target: Int) {
            var p = at
            while p < target, let hit = memchr(bytes + p, 0x0A, target - p) {
                p = UnsafeMutableRawPointer(hit).assumingMemoryBound(to: UInt8.self) - bytes + 1
                line += 1
                lineStart = base + p
            }
            at = target
        }

        /// Moves past the next `byte`; false when it is not in the kept bytes.
        @inline(__always)
        mutating func skip(through byte: UInt8) -> Bool {
            guard to(byte) else { return false }
            at += 1
            return true
        }

        /// Moves to the next `byte`, counting lines on the way; false when it is not in
        /// the kept bytes. The stretches between tags are short, and a call to `memchr`
        /// per stretch (and another per line) cost more than the bytes: this looks at
        /// eight bytes at a time, with masks rather than branches for the newlines.
        @inline(__always)
        mutating func to(_ byte: UInt8) -> Bool {
            let wanted = Self.ones &* UInt64(byte)
            let newlines = Self.ones &* 0x0A
            var p = at
            while p + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(bytes + p).loadUnaligned(as: UInt64.self))
                let found = Self.zeroBytes(word ^ wanted)
                var breaks = Self.zeroBytes(word ^ newlines)
                if found != 0 {
                    let shift = found.trailingZeroBitCount  // the high bit of the byte found
                    breaks &= (UInt64(1) << shift) &- 1  // the newlines before it
                    countLines(breaks, at: p)
                    at = p + shift >> 3
                    return true
                }
                countLines(breaks, at: p)
                p += 8
            }
            while p < count {
                let b = bytes[p]
                if b == byte {
                    at = p
                    return true
                }
                if b == 0x0A {
                    line += 1
                    lineStart = base + p + 1
                }
                p += 1
            }
            return false
        }

        /// Moves past the next occurrence of `terminator`.
        mutating func skip(past terminator: StaticString) -> Bool {
            let n = terminator.utf8CodeUnitCount
            while at < count {
                guard let hit = memchr(bytes + at, Int32(terminator.utf8Start[0]), count - at) else { return false }
                let p = UnsafeMutableRawPointer(hit).assumingMemoryBound(to: UInt8.self) - bytes
                guard p + n <= count else { return false }
                if memcmp(bytes + p, terminator.utf8Start, n) == 0 {
                    move(to: p + n)
                    return true
                }
                move(to: p + 1)
            }
            return false
        }

        mutating func skipSpaces() {
            while at < count, Self.isSpace(bytes[at]) {
                if bytes[at] == 0x0A {
                    line += 1
                    lineStart = base + at + 1
                }
                at += 1
            }
        }

        /// Moves to the `<` of the next start tag, past text, comments, CDATA,
        /// processing instructions and end tags.
        mutating func toStartTag() -> Bool {
            while true {
                guard to(UInt8(ascii: "<")), at + 1 < count else { return false }
                switch bytes[at + 1] {
                case UInt8(ascii: "!"):
                    if at + 3 < count, bytes[at + 2] == UInt8(ascii: "-"), bytes[at + 3] == UInt8(ascii: "-") {
                        at += 4
                        guard skip(past: "-->") else { return false }
                    } else if at + 2 < count, bytes[at + 2] == UInt8(ascii: "[") {
                        guard skip(past: "]]>") else { return false }
                    } else {
                        guard skip(through: UInt8(ascii: ">")) else { return false }
                    }
                case UInt8(ascii: "?"):
                    guard skip(past: "?>") else { return false }
                case UInt8(ascii: "/"):
                    guard skip(through: UInt8(ascii: ">")) else { return false }
                default:
                    return true
                }
            }
        }

        static let ones: UInt64 = 0x0101_0101_0101_0101

        /// The high bit of each byte of `x` that is zero, and no other bit.
        @inline(__always)
        static func zeroBytes(_ x: UInt64) -> UInt64 {
            let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            return ~(((x & low7) &+ low7) | x | low7)
        }

        /// Counts the newlines flagged in `breaks` (high bits of the bytes of the word at `p`).
        @inline(__always)
        mutating func countLines(_ breaks: UInt64, at p: Int) {
            guard breaks != 0 else { return }
            line += breaks.nonzeroBitCount
            lineStart = base + p + (63 - breaks.leadingZeroBitCount) >> 3 + 1
        }

        @inline(__always)
        static func isSpace(_ b: UInt8) -> Bool { ASCIIWhitespace.contains(b) }

        @inline(__always)
        static func endsName(_ b: UInt8) -> Bool { isSpace(b) || b == UInt8(ascii: ">") || b == UInt8(ascii: "/") }
    }
}
