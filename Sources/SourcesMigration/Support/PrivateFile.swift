import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a private file could not be written.
public struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path.
    public var path: String
    /// The system's reason.
    public var reason: String
    /// The system's error number (`errno`), when the system gave one.
    public var errorNumber: Int32?

    /// Creates an error.
    public init(path: String, reason: String, errorNumber: Int32? = nil) {
        self.path = path
        self.reason = reason
        self.errorNumber = errorNumber
    }

    public var description: String { "cannot write \(path): \(reason); check the directory exists and is writable" }

    static func current(_ path: String) -> FileWriteError {
        let number = errno
        return FileWriteError(path: path, reason: String(cString: strerror(number)), errorNumber: number)
    }
}

/// A file only its owner can read (mode 0600), written through one descriptor.
///
/// Reports, journals and backups hold source names, ids and signing keys, so they
/// are always created this way.
public final class PrivateFile: @unchecked Sendable {
    /// The path it was opened at.
    public let path: String
    private let lock = NSLock()
    private var descriptor: Int32

    /// Opens `path` for writing with mode 0600, truncating an existing file.
    ///
    /// - Parameter exclusive: fail when the file exists instead of truncating it.
    public init(path: String, exclusive: Bool = false) throws(FileWriteError) {
        var flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        if exclusive { flags |= O_EXCL }
        let fd = open(path, flags, mode_t(0o600))
        guard fd >= 0 else { throw .current(path) }
        // An existing file keeps its mode through open(2): tighten it.
        guard fchmod(fd, mode_t(0o600)) == 0 else {
            let error = FileWriteError.current(path)
            systemClose(fd)
            throw error
        }
        self.path = path
        self.descriptor = fd
    }

    deinit {
        if descriptor >= 0 { systemClose(descriptor) }
    }

    /// Writes `text` whole (one `write(2)` when the system allows), so that a crash
    /// leaves either all of it or a prefix of it, never interleaved with another write.
    public func write(_ text: String) throws(FileWriteError) {
        let failure: FileWriteError? = lock.withLock {
            guard descriptor >= 0 else { return FileWriteError(path: path, reason: "already closed") }
            var bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeMutableBytes { buffer in
                    systemWrite(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    return .current(path)
                }
                offset += n
            }
            bytes.removeAll()
            return nil
        }
        if let failure { throw failure }
    }

    /// Flushes to the disk.
    public func sync() {
        lock.withLock { if descriptor >= 0 { _ = fsync(descriptor) } }
    }

    /// Closes the file; later writes fail.
    public func close() {
        lock.withLock {
            if descriptor >= 0 { systemClose(descriptor) }
            descriptor = -1
        }
    }

    /// Writes `text` to `path` atomically (a private temporary file renamed over it).
    public static func replace(_ path: String, with text: String) throws(FileWriteError) {
        let temporary = path + ".tmp-\(getpid())"
        let file = try PrivateFile(path: temporary)
        do {
            try file.write(text)
        } catch {
            file.close()
            unlink(temporary)
            throw error
        }
        file.sync()
        file.close()
        guard rename(temporary, path) == 0 else {
            let error = FileWriteError.current(path)
            unlink(temporary)
            throw error
        }
    }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}

private func systemClose(_ fd: Int32) {
    _ = close(fd)
}
