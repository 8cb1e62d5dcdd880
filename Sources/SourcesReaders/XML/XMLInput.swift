#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import SourcesCore

/// Feeds libxml2 from a ``ByteStream`` and keeps the bytes not yet located by the
/// ``XMLTagLocator`` (libxml2 gives nodes a line but no column).
///
/// Before handing libxml2 anything it checks the prolog: a document type declaration
/// (`<!DOCTYPE`, which is where entities live) is refused without libxml2 ever seeing it.
final class XMLInput {
    /// Bytes read from the stream that may still be needed: `count` bytes at `bytes`.
    @exclusivity(unchecked) private(set) var bytes: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private var capacity: Int
    /// The absolute offset of `bytes[0]`.
    @exclusivity(unchecked) private(set) var base = 0
    /// The absolute offset of the next byte to hand to libxml2.
    @exclusivity(unchecked) private var served = 0
    /// Bytes before this absolute offset may be dropped.
    @exclusivity(unchecked) var keepFrom = 0
    @exclusivity(unchecked) private var atEnd = false
    @exclusivity(unchecked) private var prologChecked = false
    private let stream: ByteStream
    /// The input's display name.
    let file: String
    /// The first read error, if any.
    @exclusivity(unchecked) private(set) var inputError: InputError?
    /// Set when the prolog holds a forbidden construct.
    @exclusivity(unchecked) private(set) var forbidden: ReaderError?

    static let chunkSize = 64 * 1024
    /// How much prolog is examined before giving up looking for a DOCTYPE.
    static let prologLimit = 1024 * 1024

    init(stream: ByteStream) {
        self.stream = stream
        file = stream.name
        capacity = 4 * Self.chunkSize
        bytes = .allocate(capacity: capacity)
    }

    deinit {
        bytes.deallocate()
    }

    /// Copies up to `length` bytes into libxml2's `target`; returns the count, 0 at the end, -1 on error.
    func read(into target: UnsafeMutablePointer<CChar>, count length: Int) -> Int32 {
        if forbidden != nil || inputError != nil { return -1 }
        if !prologChecked {
            checkProlog()
            if forbidden != nil || inputError != nil { return -1 }
        }
        if served == base + count {
            compact()
            guard fill() else { return inputError == nil ? 0 : -1 }
        }
        let start = served - base
        let n = min(length, count - start)
        UnsafeMutableRawPointer(target).copyMemory(from: bytes + start, byteCount: n)
        served += n
        return Int32(n)
    }

    /// Reads one more chunk; false at the end or on an error.
    private func fill() -> Bool {
        guard !atEnd else { return false }
        if count + Self.chunkSize > capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity * 2, count + Self.chunkSize))
            grown.update(from: bytes, count: count)
            bytes.deallocate()
            bytes = grown
            capacity = max(capacity * 2, count + Self.chunkSize)
        }
        do {
            let n = try stream.read(into: UnsafeMutableRawBufferPointer(start: bytes + count, count: Self.chunkSize))
            count += n
            if n == 0 { atEnd = true }
            return n > 0
        } catch {
            inputError = error
            return false
        }
    }

    /// Drops bytes that are neither unread by libxml2 nor unlocated.
    private func compact() {
        let drop = min(keepFrom, served) - base
        guard drop >= Self.chunkSize, drop > count / 2 else { return }
        memmove(bytes, bytes + drop, count - drop)
        count -= drop
        base += drop
    }

    /// Looks through the prolog (XML declaration, comments, processing instructions) for
    /// a `<!DOCTYPE`, reading more input until the root element starts.
    private func checkProlog() {
        var i = 0, line = 1, lineStart = 0
        func byte(_ at: Int) -> UInt8? {
            while at >= count {
                guard count < Self.prologLimit, fill() else { return nil }
            }
            return bytes[at]
        }
        func skip(past terminator: [UInt8]) -> Bool {
            while true {
                guard let b = byte(i) else { return false }
                if b == 0x0A { line += 1; lineStart = i + 1 }
                if b == terminator[0] {
                    var match = true
                    for (k, t) in terminator.enumerated().dropFirst() where byte(i + k) != t { match = false; break }
                    if match { i += terminator.count; return true }
                }
                i += 1
            }
        }
        defer { prologChecked = true }
        if byte(0) == 0xEF, byte(1) == 0xBB, byte(2) == 0xBF { i = 3 }
        while let b = byte(i) {
            switch b {
            case 0x20, 0x09, 0x0D:
                i += 1
            case 0x0A:
                i += 1
                line += 1
                lineStart = i
            case UInt8(ascii: "<"):
                if byte(i + 1) == UInt8(ascii: "?") {
                    guard skip(past: Array("?>".utf8)) else { return }
                } else if byte(i + 1) == UInt8(ascii: "!"), byte(i + 2) == UInt8(ascii: "-"),
                    byte(i + 3) == UInt8(ascii: "-")
                {
                    i += 4
                    guard skip(past: Array("-->".utf8)) else { return }
                } else if byte(i + 1) == UInt8(ascii: "!") {
                    forbidden = ReaderError(
                        .forbiddenConstruct,
                        "the XML has a document type declaration (<!DOCTYPE …>); DTDs and entities are not "
                            + "accepted, for safety; remove the DOCTYPE and write the values out",
                        at: SourceLocation(file: file, line: line, column: i - lineStart + 1))
                    return
                } else {
                    return  // the root element: the prolog is over
                }
            default:
                return  // not a prolog: libxml2 reports whatever is wrong
            }
        }
    }
}
