#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import SourcesCore

/// Feeds libyaml from a ``ByteStream`` and remembers enough of the bytes it
/// handed over to turn a raw byte offset into a line and column.
///
/// libyaml reports encoding errors (invalid UTF-8, control characters such as
/// NUL) with a byte offset only; this keeps the last two chunks and the line
/// count before them so such an error still gets a position.
final class YAMLInput {
    private let stream: ByteStream
    /// The first error the byte stream threw, if any (libyaml only sees "read failed").
    @exclusivity(unchecked) private(set) var inputError: InputError?
    /// The bytes handed over most recently (at most two chunks).
    @exclusivity(unchecked) private var tail: [UInt8] = []
    /// The absolute offset of `tail[0]`.
    @exclusivity(unchecked) private var tailOffset = 0
    /// Lines (counted from 1) and the offset of the current line's start, at `tail[0]`.
    @exclusivity(unchecked) private var tailLine = 1
    @exclusivity(unchecked) private var tailLineStart = 0
    /// Size of the older chunk inside `tail`.
    @exclusivity(unchecked) private var olderCount = 0

    init(stream: ByteStream) {
        self.stream = stream
    }

    /// Reads into libyaml's buffer; returns false on a read error.
    func read(into buffer: UnsafeMutablePointer<UInt8>, size: Int, count: inout Int) -> Bool {
        do {
            let n = try stream.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: size))
            remember(UnsafeBufferPointer(start: buffer, count: n))
            count = n
            return true
        } catch {
            inputError = error
            return false
        }
    }

    private func remember(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard !chunk.isEmpty else { return }
        // Drop the older chunk, counting its lines, so `tail` holds at most two chunks.
        if olderCount > 0 {
            advanceLines(over: tail[0..<olderCount])
            tail.removeFirst(olderCount)
        }
        olderCount = tail.count
        tail.append(contentsOf: chunk)
    }

    private func advanceLines(over bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            var p = UnsafeRawPointer(base)
            var left = buf.count
            while left > 0, let hit = memchr(p, 0x0A, left) {
                let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                tailLine += 1
                tailLineStart = tailOffset + at + 1
                p = UnsafeRawPointer(hit) + 1
                left = buf.count - at - 1
            }
        }
        tailOffset += bytes.count
    }

    /// The line and column (1-based, column in characters) of absolute byte `offset`,
    /// when it is still among the bytes kept.
    func position(ofByte offset: Int) -> (line: Int, column: Int)? {
        guard offset >= tailOffset, offset <= tailOffset + tail.count else { return nil }
        var line = tailLine
        var lineStart = tailLineStart
        let end = offset - tailOffset
        for i in 0..<end where tail[i] == 0x0A {
            line += 1
            lineStart = tailOffset + i + 1
        }
        // Columns count characters (UTF-8 lead bytes), as libyaml's own marks do.
        var column = 1
        var i = max(lineStart - tailOffset, 0)
        while i < end {
            if tail[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (line, column)
    }
}
