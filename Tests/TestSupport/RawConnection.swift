import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One TCP connection to the emulator on loopback that the test drives byte by byte:
/// half a request and silence, a body too large, or just holding a slot.
public final class RawConnection {
    /// What reading until the server closed found.
    public struct Ending {
        /// Everything received.
        public var bytes: [UInt8]
        /// True when the server closed (EOF or reset); false when `timeout` passed first.
        public var closed: Bool
        /// Seconds from the start of the read to the close (or the timeout).
        public var seconds: Double
        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    public let fd: Int32

    public init(port: Int) throws {
        fd = try LoopbackSocket.dial(port: port)
    }

    deinit { close(fd) }

    /// Sends every byte (blocking); false when the server reset or closed the connection first.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool { LoopbackSocket.sendAll(fd, bytes) }

    @discardableResult
    public func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads until the server closes the connection or `timeout` seconds pass.
    public func readUntilClosed(timeout: Double) -> Ending {
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
