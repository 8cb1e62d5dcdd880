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
    /// Set by ``prepareText()`` for a UTF-16 input: the bytes then come through it, as UTF-8.
    private var transcoder: UTF16Transcoder?

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
        if let transcoder {
            do {
                end = try transcoder.read(into: buffer)
            } catch {
                var located = error
                located.location = location
                throw located
            }
        } else {
            do {
                end = try stream.read(into: buffer)
            } catch {
                throw ReaderError(error)
            }
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
        SourceLocation.count(byte, line: &line, column: &column)
    }

    /// Gets the input ready as UTF-8 text, from its first bytes (``TextEncodingSniffer``):
    /// skips a UTF-8 byte order mark, reads UTF-16 with a byte order mark through a
    /// ``UTF16Transcoder``, and refuses, saying what it looks like, an input that is not
    /// text (UTF-16 without a byte order mark, UTF-32, a workbook, binary data).
    ///
    /// Call it first, before reading anything.
    func prepareText() throws(ReaderError) {
        guard try ensure() else { return }
        // A pipe may hand over only a few bytes at first: look at a fair window.
        while end < TextEncodingSniffer.window, !atEOF {
            let n: Int
            do {
                n = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            } catch {
                throw ReaderError(error)
            }
            if n == 0 { atEOF = true }
            end += n
        }
        let head = UnsafeRawBufferPointer(rebasing: buffer[pos..<end])
        switch TextEncodingSniffer.sniff(head, file: file) {
        case .utf8(let bomLength):
            pos += bomLength
        case .utf16(let bigEndian):
            transcoder = UTF16Transcoder(
                stream: stream, bigEndian: bigEndian, leftover: UnsafeRawBufferPointer(rebasing: head[2...]),
                bomLength: 2)
            pos = 0
            end = 0
            atEOF = false
        case .refused(let message):
            throw ReaderError(.parseError, message, at: location)
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
