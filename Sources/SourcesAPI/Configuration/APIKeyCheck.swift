import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What an API key may be: one line of visible ASCII (`!` to `~`), at most
/// ``maximumLength`` characters, after one trailing line break is dropped.
///
/// Anything else is refused before any request, with a message that names where the key
/// came from and what is wrong with it, never the key: a key with a CR or LF inside would
/// otherwise reach the HTTP client, whose error quotes header values, and a key file that is
/// really another file (`/etc/passwd`) would be sent as a header.
public enum APIKeyCheck {
    /// The longest key accepted (real keys are a few dozen characters).
    public static let maximumLength = 1024
    /// The most bytes read from a key file: anything longer is not a key file.
    public static let maximumFileSize = 64 * 1024

    /// The key in `bytes`, which came from `source` (`the API key file PATH` or the variable's name).
    ///
    /// - Parameter emptyFile: the key file's path, when the bytes came from one (an empty or
    ///   blank file gets its own message).
    public static func key(from bytes: [UInt8], source: String, emptyFile: String?) throws(ConfigurationError) -> APIKey
    {
        var key = bytes[...]
        if key.last == UInt8(ascii: "\n") {
            key = key.dropLast()
            if key.last == UInt8(ascii: "\r") { key = key.dropLast() }
        }
        if bytes.allSatisfy({ $0 == 0x20 || (0x09...0x0D).contains($0) }) {
            if let emptyFile { throw .emptyKeyFile(path: emptyFile) }
            throw .missingAPIKey
        }
        if let problem = problem(in: key) { throw .invalidKey(source: source, problem: problem) }
        return APIKey(String(decoding: key, as: UTF8.self))
    }

    /// What is wrong with `key`, or nil when it is one line of visible ASCII of an acceptable length.
    public static func problem(in key: ArraySlice<UInt8>) -> String? {
        if key.count > maximumLength { return "it is longer than \(maximumLength) characters" }
        for (offset, byte) in key.enumerated() {
            let at = "character \(offset + 1)"
            switch byte {
            case UInt8(ascii: "\n"): return "it holds more than one line (a line break at \(at))"
            case UInt8(ascii: "\r"): return "it holds a carriage return (\(at))"
            case 0x20: return "it holds a space (\(at))"
            case 0..<0x20, 0x7F: return "it holds a control character (\(at))"
            case 0x80...: return "it holds a character that is not ASCII (byte \(offset + 1))"
            default: continue
            }
        }
        return nil
    }

    /// The first ``maximumFileSize`` bytes of the key file at `path` (and one more, to tell a
    /// larger file), without reading an endless one (`/dev/zero`) to the end.
    public static func read(_ path: String) throws(ConfigurationError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadableKeyFile(path: path, reason: reason(errno)) }
        defer { _ = close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw .unreadableKeyFile(path: path, reason: "it is a directory")
        }
        var bytes = [UInt8](repeating: 0, count: maximumFileSize + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                systemRead(fd, buffer.baseAddress.map { $0 + count }, buffer.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadableKeyFile(path: path, reason: reason(errno))
            }
            if n == 0 { break }
            count += n
        }
        if count > maximumFileSize {
            throw .invalidKey(
                source: "the API key file \(path)", problem: "it is larger than \(maximumFileSize / 1024) KiB")
        }
        return Array(bytes[..<count])
    }

    private static func reason(_ number: Int32) -> String {
        switch number {
        case ENOENT: "no such file"
        case EACCES, EPERM: "permission denied"
        case EISDIR: "it is a directory"
        default: String(cString: strerror(number))
        }
    }
}

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
