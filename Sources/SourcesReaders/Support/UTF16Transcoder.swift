import SourcesCore

/// Turns a UTF-16 byte stream (after its byte order mark) into UTF-8, a buffer at a
/// time, for the byte-level parsers: Excel's "Unicode Text" export is UTF-16LE, and
/// the parsers (and their positions, which count characters) work on UTF-8.
final class UTF16Transcoder {
    private let stream: ByteStream
    private let bigEndian: Bool
    private let raw: UnsafeMutableRawBufferPointer
    private var rawPos = 0
    private var rawEnd = 0
    private var atEOF = false
    /// Input bytes consumed before `raw`'s start (for the position of a bad sequence).
    private var consumedBefore = 0

    /// Starts after the byte order mark; `leftover` holds the bytes already read after it.
    init(stream: ByteStream, bigEndian: Bool, leftover: UnsafeRawBufferPointer, bomLength: Int) {
        self.stream = stream
        self.bigEndian = bigEndian
        raw = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1 << 16, leftover.count + 4), alignment: 8)
        raw.copyMemory(from: leftover)
        rawEnd = leftover.count
        consumedBefore = bomLength
    }

    deinit { raw.deallocate() }

    /// Fills `out` with UTF-8 (at least 4 bytes of room); returns how many bytes, 0 at the end.
    ///
    /// A sequence that is not UTF-16 is thrown once the text before it has been returned,
    /// so that the caller's position (line and column) is the bad sequence's.
    func read(into out: UnsafeMutableRawBufferPointer) throws(ReaderError) -> Int {
        if let pendingError { throw pendingError }
        var produced = 0
        do {
            produced = try transcode(into: out)
        } catch {
            guard partial > 0 else { throw error }
            pendingError = error
            produced = partial
        }
        return produced
    }

    /// What ``transcode(into:)`` had written when it threw.
    private var partial = 0
    private var pendingError: ReaderError?

    private func transcode(into out: UnsafeMutableRawBufferPointer) throws(ReaderError) -> Int {
        var produced = 0
        partial = 0
        defer { partial = produced }
        while out.count - produced >= 4 {
            guard try available(2) else { break }
            let unit = self.unit(at: rawPos)
            var scalar = UInt32(unit)
            var width = 2
            if unit >= 0xD800, unit < 0xDC00 {
                guard try available(4) else { throw invalid("a high surrogate at the end of the file") }
                let low = self.unit(at: rawPos + 2)
                guard low >= 0xDC00, low < 0xE000 else { throw invalid("a high surrogate without its low half") }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                width = 4
            } else if unit >= 0xDC00, unit < 0xE000 {
                throw invalid("a low surrogate without its high half")
            }
            rawPos += width
            produced += Self.encode(scalar, into: out, at: produced)
        }
        return produced
    }

    /// Makes `count` bytes available at `rawPos`; false at the end of the input (an odd
    /// byte left over there is an error).
    private func available(_ count: Int) throws(ReaderError) -> Bool {
        while rawEnd - rawPos < count {
            if atEOF {
                if rawEnd - rawPos == 1, count == 2 { throw invalid("an odd number of bytes") }
                return false
            }
            // Keep the unread bytes, at the front, then read more after them.
            let kept = rawEnd - rawPos
            if rawPos > 0 {
                if kept > 0 {
                    guard let base = raw.baseAddress else { return false }
                    base.copyMemory(from: base + rawPos, byteCount: kept)
                }
                consumedBefore += rawPos
                rawPos = 0
                rawEnd = kept
            }
            let n: Int
            do {
                n = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[rawEnd...]))
            } catch {
                throw ReaderError(error)
            }
            if n == 0 { atEOF = true }
            rawEnd += n
        }
        return true
    }

    @inline(__always)
    private func unit(at i: Int) -> UInt16 {
        let a = UInt16(raw[i])
        let b = UInt16(raw[i + 1])
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    private func invalid(_ what: String) -> ReaderError {
        ReaderError(
            .parseError,
            "the file starts with a UTF-16 byte order mark but is not valid UTF-16 (\(what), at byte "
                + "\(consumedBefore + rawPos + 1)); save it again as UTF-8 text")
    }

    /// Writes `scalar` as UTF-8 at `offset`; returns how many bytes.
    @inline(__always)
    private static func encode(_ scalar: UInt32, into out: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        switch scalar {
        case 0..<0x80:
            out[offset] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            out[offset] = UInt8(0xC0 | scalar >> 6)
            out[offset + 1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            out[offset] = UInt8(0xE0 | scalar >> 12)
            out[offset + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[offset + 2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            out[offset] = UInt8(0xF0 | scalar >> 18)
            out[offset + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            out[offset + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[offset + 3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
