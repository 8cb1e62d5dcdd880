import Foundation

/// A forward-only stream of bytes from an ``InputSource``, read in chunks so that
/// memory stays bounded whatever the input's size.
public final class ByteStream {
    private enum Backing {
        case descriptor(Int32, closeOnDeinit: Bool)
        case memory([UInt8], offset: Int)
    }

    private var backing: Backing
    /// The input's display name.
    public let name: String

    /// Opens `source` for reading.
    ///
    /// - Throws: ``InputError`` when the file cannot be opened.
    public init(_ source: InputSource) throws(InputError) {
        name = source.displayName
        switch source {
        case .standardInput:
            backing = .descriptor(0, closeOnDeinit: false)
        case .bytes(_, let bytes):
            backing = .memory(bytes, offset: 0)
        case .file(let path):
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw InputError.cannotOpen(path, reason: String(cString: strerror(errno))) }
            var info = stat()
            if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw InputError.cannotOpen(path, reason: "it is a directory")
            }
            backing = .descriptor(fd, closeOnDeinit: true)
        }
    }

    deinit {
        if case .descriptor(let fd, true) = backing { close(fd) }
    }

    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 at the end.
    ///
    /// - Throws: ``InputError`` on a read error.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        switch backing {
        case .descriptor(let fd, _):
            while true {
                let n = Glibc.read(fd, base, buffer.count)
                if n >= 0 { return n }
                if errno == EINTR { continue }
                throw InputError.readFailed(name, reason: String(cString: strerror(errno)))
            }
        case .memory(let bytes, let offset):
            let n = min(buffer.count, bytes.count - offset)
            guard n > 0 else { return 0 }
            bytes.withUnsafeBytes { src in
                guard let from = src.baseAddress else { return }
                base.copyMemory(from: from + offset, byteCount: n)
            }
            backing = .memory(bytes, offset: offset + n)
            return n
        }
    }
}

/// An input that cannot be read at all.
public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(String, reason: String)
    case readFailed(String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open '\(path)': \(reason). Check the path and that you may read it."
        case .readFailed(let path, let reason):
            "cannot read '\(path)': \(reason)."
        }
    }
}
