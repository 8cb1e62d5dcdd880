import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The socket calls of the tests' own raw clients and servers on 127.0.0.1, in one place: what
/// the HTTP clients hide (half a request, a held connection, the exact bytes a server writes).
public enum LoopbackSocket {
    /// A socket call that failed, with its errno.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A new TCP socket (non-blocking when asked; Linux only, elsewhere blocking).
    static func newSocket(nonBlocking: Bool = false) -> Int32 {
        #if canImport(Glibc)
            let type = Int32(SOCK_STREAM.rawValue) | (nonBlocking ? Int32(SOCK_NONBLOCK.rawValue) : 0)
        #else
            let type = SOCK_STREAM
        #endif
        return socket(AF_INET, type, 0)
    }

    /// `send`'s flag that turns SIGPIPE into an error (Linux; on Darwin a socket option does it).
    #if canImport(Glibc)
        static let noSignal = Int32(MSG_NOSIGNAL)
    #else
        static let noSignal: Int32 = 0
    #endif

    private static func address(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// A connection to 127.0.0.1:`port`. With `nonBlocking` the connect completes in the
    /// background (a flood's half-open connection); `receiveTimeout` bounds each blocking read.
    public static func dial(port: Int, nonBlocking: Bool = false, receiveTimeout: Int? = nil) throws -> Int32 {
        let fd = newSocket(nonBlocking: nonBlocking)
        guard fd >= 0 else { throw Failure(description: "socket() failed (errno \(errno))") }
        if let receiveTimeout {
            var timeout = timeval(tv_sec: receiveTimeout, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        var target = address(port: port)
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 || (nonBlocking && errno == EINPROGRESS) else {
            let number = errno
            close(fd)
            throw Failure(description: "connect() to port \(port) failed (errno \(number))")
        }
        return fd
    }

    /// A socket bound to 127.0.0.1 on a port the system picks, and that port; listening with
    /// `backlog` unless it is nil.
    public static func listener(backlog: Int32? = 64) throws -> (fd: Int32, port: Int) {
        let fd = newSocket()
        guard fd >= 0 else { throw Failure(description: "socket() failed (errno \(errno))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var local = address(port: 0)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, backlog.map({ listen(fd, $0) == 0 }) ?? true else {
            close(fd)
            throw Failure(description: "bind() or listen() on 127.0.0.1 failed (errno \(errno))")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            close(fd)
            throw Failure(description: "getsockname() failed (errno \(errno))")
        }
        return (fd, Int(UInt16(bigEndian: actual.sin_port)))
    }

    /// A loopback port that nothing listens on right now (for servers that cannot bind port 0
    /// themselves and report the port, as nginx cannot: its `listen` refuses port 0). The port
    /// is free when this returns; the caller retries on "Address already in use" for the rare
    /// case that another process took it in between.
    public static func freePort() throws -> Int {
        let (fd, port) = try listener(backlog: nil)
        close(fd)
        return port
    }

    /// Writes every byte of `bytes` (blocking; never SIGPIPE); false when the peer reset or
    /// closed first.
    @discardableResult
    public static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, noSignal) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Reads until the peer closes (EOF); throws when a read fails or times out.
    public static func readToEnd(_ fd: Int32) throws -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
            } else if count == 0 {
                return received
            } else {
                throw Failure(description: "recv() failed or timed out (errno \(errno))")
            }
        }
    }
}
