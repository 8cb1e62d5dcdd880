import Foundation
import SourcesCore

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

    public var description: String {
        // A refusal (the file exists, or is an input) already says what to do.
        errorNumber == EEXIST
            ? "cannot write \(path): \(reason)"
            : "cannot write \(path): \(reason); check the directory exists and is writable"
    }

    static func current(_ path: String) -> FileWriteError {
        let number = errno
        return FileWriteError(path: path, reason: String(cString: strerror(number)), errorNumber: number)
    }
}

/// A file only its owner can read (mode 0600), written through one descriptor.
///
/// Reports, journals and backups hold source names, ids and signing keys, so they
/// are always created this way.
public final class PrivateFile: Sendable {
    /// The path it was opened at.
    public let path: String
    /// The open descriptor, -1 once closed; the lock also keeps one write whole.
    private let descriptor: Locked<Int32>

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
        self.descriptor = Locked(fd)
    }

    deinit {
        descriptor.withLock { if $0 >= 0 { systemClose($0) } }
    }

    /// Writes `text` whole (one `write(2)` when the system allows), so that a crash
    /// leaves either all of it or a prefix of it, never interleaved with another write.
    /// The string's own UTF-8 storage is written: no copy of it is made.
    public func write(_ text: String) throws(FileWriteError) {
        var text = text
        let failure: FileWriteError? = descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return FileWriteError(path: path, reason: "already closed") }
            return text.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count {
                    let n = systemWrite(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return .current(path)
                    }
                    offset += n
                }
                return nil
            }
        }
        if let failure { throw failure }
    }

    /// Flushes to the disk.
    public func sync() {
        descriptor.withLock { if $0 >= 0 { _ = fsync($0) } }
    }

    /// Closes the file; later writes fail.
    public func close() {
        descriptor.withLock { descriptor in
            if descriptor >= 0 { systemClose(descriptor) }
            descriptor = -1
        }
    }

    /// Writes `text` to `path` whole or not at all: a private temporary file beside it is
    /// written and flushed to the disk, then put in place. A failure (a full disk, a size
    /// limit) leaves nothing behind: neither the temporary file nor a truncated `path`.
    ///
    /// - Parameter replacing: when false, an existing `path` is never replaced (the error's
    ///   `errorNumber` is `EEXIST`); when true it is replaced whole (a symlink at `path` is
    ///   replaced, never written through).
    public static func publish(_ text: String, to path: String, replacing: Bool) throws(FileWriteError) {
        try publish(to: path, replacing: replacing) { file throws(FileWriteError) in try file.write(text) }
    }

    /// Writes what `body` writes into the file it is given to `path`, whole or not at all, as
    /// ``publish(_:to:replacing:)`` does: for a large output (a report of 100,000 results)
    /// written in parts, so that it is never held whole in memory.
    public static func publish(
        to path: String, replacing: Bool, writing body: (PrivateFile) throws(FileWriteError) -> Void
    ) throws(FileWriteError) {
        let temporary = try temporaryFile(beside: path)
        var failure: FileWriteError?
        do throws(FileWriteError) {
            try body(temporary)
        } catch {
            // Named by the file the user asked for, not the temporary name.
            failure = FileWriteError(path: path, reason: error.reason, errorNumber: error.errorNumber)
        }
        if failure == nil && fsync(temporary.descriptorForSync) != 0 { failure = .current(path) }
        temporary.close()
        if let failure {
            unlink(temporary.path)
            throw failure
        }
        try putInPlace(temporary.path, at: path, replacing: replacing)
    }

    /// Creates `path` (mode 0600) as a new, empty file and opens it for writing: the file
    /// of a journal, which grows line by line. It is always a fresh file: an existing
    /// `path` is refused unless `replacing`, and then replaced (never truncated or written
    /// through, so a hard link or symlink at `path` keeps the file it named).
    public static func create(_ path: String, replacing: Bool) throws(FileWriteError) -> PrivateFile {
        let file = try temporaryFile(beside: path)
        do {
            try putInPlace(file.path, at: path, replacing: replacing)
        } catch {
            file.close()
            throw error
        }
        return PrivateFile(placed: file, at: path)
    }

    /// `path`'s directory and a hidden temporary name there (same file system, so the
    /// final rename or link is atomic).
    private static func temporaryFile(beside path: String) throws(FileWriteError) -> PrivateFile {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let stem = String(decoding: base.utf8.prefix(80), as: UTF8.self)
        let suffix = String(UInt32.random(in: .min ... .max), radix: 36)
        do {
            return try PrivateFile(path: "\(directory).\(stem).ibsources-\(getpid())-\(suffix).tmp", exclusive: true)
        } catch {
            // Named by the file the user asked for, not the temporary name.
            throw FileWriteError(path: path, reason: error.reason, errorNumber: error.errorNumber)
        }
    }

    /// Moves the finished `temporary` to `path`: `rename(2)` when replacing, else `link(2)`,
    /// which fails when `path` exists (so two runs can never both take one name), then
    /// removes the temporary name and flushes the directory. On failure the temporary file
    /// is removed.
    private static func putInPlace(_ temporary: String, at path: String, replacing: Bool) throws(FileWriteError) {
        defer { unlink(temporary) }
        if replacing {
            guard rename(temporary, path) == 0 else { throw FileWriteError.current(path) }
        } else if link(temporary, path) != 0 {
            let number = errno
            if number == EEXIST {
                throw FileWriteError(path: path, reason: "the file already exists", errorNumber: EEXIST)
            }
            // A file system without hard links: check, then rename (a small window, no hard links to race).
            guard [EPERM, EOPNOTSUPP, ENOSYS, EMLINK].contains(number) else {
                throw FileWriteError(path: path, reason: String(cString: strerror(number)), errorNumber: number)
            }
            var info = stat()
            if lstat(path, &info) == 0 {
                throw FileWriteError(path: path, reason: "the file already exists", errorNumber: EEXIST)
            }
            guard rename(temporary, path) == 0 else { throw FileWriteError.current(path) }
        }
        syncDirectory(of: path)
    }

    /// Flushes the directory holding `path`, so that the new name survives a power cut.
    private static func syncDirectory(of path: String) {
        let directory = path.lastIndex(of: "/").map { String(path[...$0]) } ?? "."
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        systemClose(fd)
    }

    /// Takes over `file`'s descriptor under its final name.
    private init(placed file: PrivateFile, at path: String) {
        self.path = path
        self.descriptor = Locked(
            file.descriptor.withLock { descriptor in
                defer { descriptor = -1 }
                return descriptor
            })
    }

    /// The descriptor, for ``publish(_:to:replacing:)``'s fsync (whose failure must be seen).
    private var descriptorForSync: Int32 { descriptor.withLock { $0 } }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafePointer<UInt8>?, _ count: Int) -> Int {
    write(fd, buffer, count)
}

private func systemClose(_ fd: Int32) {
    _ = close(fd)
}
