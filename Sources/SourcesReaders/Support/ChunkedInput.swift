import SourcesCore

/// A refillable window over a ``ByteStream`` for the byte-level parsers (CSV, JSON),
/// tracking the line and column (in characters, from 1) of the next byte.
final class ChunkedInput {
    private let stream: ByteStream
    let buffer: UnsafeMutableRawBufferPointer
    /// The next byte to read.
    var pos = 0
    /// One past the last valid byte.
    var end = 0
    private(set) var atEOF = false
    /// The line of the byte at `pos`.
    var line = 1
    /// The column of the byte at `pos`.
    var column = 1
    /// The input's display name.
    let file: String

    init(_ input: InputSource, chunkSize: Int = 1 << 18) throws(ReaderError) {
        do {
            stream = try ByteStream(input)
        } catch {
            throw ReaderError(error)
        }
        file = input.displayName
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 8)
    }

    deinit { buffer.deallocate() }

    /// The location of the next byte.
    var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// Makes at least one byte available; false at the end of the input.
    @inline(__always)
    func ensure() throws(ReaderError) -> Bool {
        if pos < end { return true }
        return try refill()
    }

    private func refill() throws(ReaderError) -> Bool {
        guard !atEOF else { return false }
        pos = 0
        end = 0
        do {
            end = try stream.read(into: buffer)
        } catch {
            throw ReaderError(error)
        }
        if end == 0 { atEOF = true }
        return end > 0
    }

    /// The next byte without consuming it, or nil at the end.
    @inline(__always)
    func peek() throws(ReaderError) -> UInt8? {
        guard try ensure() else { return nil }
        return buffer[pos]
    }

    /// Consumes one byte, keeping line and column.
    @inline(__always)
    func advance(_ byte: UInt8) {
        pos += 1
        if byte == 10 {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    /// Skips a UTF-8 byte order mark at the very start.
    func skipBOM() throws(ReaderError) {
        guard try ensure() else { return }
        if end - pos >= 3, buffer[pos] == 0xEF, buffer[pos + 1] == 0xBB, buffer[pos + 2] == 0xBF {
            pos += 3
        }
    }
}

/// Turns collected bytes into a String, noting invalid UTF-8 and NUL bytes.
enum TextDecoding {
    /// The text, and what is wrong with the bytes if anything.
    static func string(_ typed: UnsafeBufferPointer<UInt8>) -> (String, problem: String?) {
        var high: UInt8 = 0
        var sawNUL = false
        for b in typed {
            high |= b
            if b == 0 { sawNUL = true }
        }
        if high < 0x80 {
            // ASCII is always valid UTF-8: skip the validating initializer.
            return (String(decoding: typed, as: UTF8.self), sawNUL ? "contains a NUL byte" : nil)
        }
        if let text = String(validating: typed, as: UTF8.self) {
            return (text, sawNUL ? "contains a NUL byte" : nil)
        }
        return (String(decoding: typed, as: UTF8.self), "is not valid UTF-8 text")
    }
}
