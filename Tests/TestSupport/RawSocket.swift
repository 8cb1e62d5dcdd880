import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A blocking TCP exchange on loopback, to see exactly what the server writes.
public enum RawSocket {
    /// Sends `request` and returns every byte received until the server closes (each read
    /// waits at most `timeout` seconds).
    public static func exchange(port: Int, request: String, timeout: Int = 10) throws -> [UInt8] {
        let fd = try LoopbackSocket.dial(port: port, receiveTimeout: timeout)
        defer { close(fd) }
        LoopbackSocket.sendAll(fd, Array(request.utf8))
        return try LoopbackSocket.readToEnd(fd)
    }
}
