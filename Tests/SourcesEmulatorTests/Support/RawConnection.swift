import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One TCP connection to the emulator on loopback that the test drives byte by byte:
/// half a request and silence, a body too large, or just holding a slot.
final class RawConnection {
    struct Failure: Error { var message: String }

    /// What reading until the server closed found.
    struct Ending {
        /// Everything received.
        var bytes: [UInt8]
        /// True when the server closed (EOF or reset); false when `timeout` passed first.
        var closed: Bool
        /// Seconds from the start of the read to the close (or the timeout).
        var seconds: Double
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(message: "socket() failed (errno \(errno))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure(message: "connect() failed (errno \(errno))")
        }
    }

    deinit { close(fd) }

    /// Sends every byte (blocking); false when the server reset or closed the connection first.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads until the server closes the connection or `timeout` seconds pass.
    func readUntilClosed(timeout: Double) -> Ending {
        let start = Date()
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let left = timeout - Date().timeIntervalSince(start)
            guard left > 0 else { return Ending(bytes: received, closed: false, seconds: timeout) }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, left * 1000)))
            if ready <= 0 { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                received += buffer[0..<n]
            } else {
                return Ending(bytes: received, closed: true, seconds: Date().timeIntervalSince(start))
            }
        }
    }
}
