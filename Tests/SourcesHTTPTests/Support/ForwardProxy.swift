import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP forward proxy on a loopback socket (port chosen by the OS), as a corporate
/// proxy behaves: `CONNECT host:port` opens a tunnel (for https, and for http in
/// AsyncHTTPClient), a request in absolute form (`GET http://host:port/path`, what curl sends
/// for http) is forwarded in origin form. It records every request it gets.
///
/// Target host names are never resolved: `route` maps each `host:port` to a port on
/// 127.0.0.1 (nil: answered 502), so an endpoint like `https://api.test/v1` only works
/// through the proxy. With `credentials`, a request without the matching
/// `Proxy-Authorization: Basic` is answered 407.
final class ForwardProxy: @unchecked Sendable {
    struct Entry: Sendable {
        /// `CONNECT` or the forwarded method.
        var method: String
        /// `host:port` for CONNECT, the absolute URL otherwise.
        var target: String
        var proxyAuthorization: String?
        /// The answer the proxy gave itself (407, 502), or nil when it tunnelled or forwarded.
        var refusal: Int?
    }

    let port: Int
    private let listener: LoopbackListener
    private let route: @Sendable (String, Int) -> Int?
    private let credentials: (user: String, password: String)?
    private let lock = NSLock()
    private var received: [Entry] = []
    private var tunnelled: [String: (up: Int, down: Int)] = [:]
    private var opening: [String: [UInt8]] = [:]

    var entries: [Entry] { lock.withLock { received } }
    /// Bytes carried each way through the tunnels or forwards to `host:port` (client→target, target→client).
    func bytes(to target: String) -> (up: Int, down: Int) { lock.withLock { tunnelled[target] ?? (0, 0) } }
    /// The first bytes (up to 4 KB) the client sent into the tunnels or forwards to `host:port`.
    func openingBytes(to target: String) -> [UInt8] { lock.withLock { opening[target] ?? [] } }
    /// `http://127.0.0.1:PORT`, with the credentials when given.
    var url: String {
        guard let credentials else { return "http://127.0.0.1:\(port)" }
        return "http://\(credentials.user):\(credentials.password)@127.0.0.1:\(port)"
    }

    init(credentials: (user: String, password: String)? = nil, route: @escaping @Sendable (String, Int) -> Int?) throws
    {
        self.credentials = credentials
        self.route = route
        listener = try LoopbackListener()
        port = listener.port
        listener.start { [self] client in serve(client) }
    }

    func stop() { listener.stop() }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        guard let (head, rest) = Self.readHead(fd) else { return }
        var lines = head.components(separatedBy: "\r\n")
        let start = lines.removeFirst().split(separator: " ").map(String.init)
        guard start.count == 3 else { return }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let authorization = headers.first { $0.0.lowercased() == "proxy-authorization" }?.1
        let (method, target) = (start[0], start[1])
        var entry = Entry(method: method, target: target, proxyAuthorization: authorization)
        if let credentials {
            let expected = "Basic " + Data("\(credentials.user):\(credentials.password)".utf8).base64EncodedString()
            guard authorization == expected else {
                entry.refusal = 407
                record(entry)
                Self.send(
                    fd,
                    "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
                return
            }
        }
        let key: String
        var forwardHead: String?
        if method == "CONNECT" {
            key = target
        } else {
            // Absolute form: http://host[:port]/path → "METHOD /path" to host:port, no proxy headers.
            guard let url = URLComponents(string: target), url.scheme == "http", let host = url.host else { return }
            key = "\(host):\(url.port ?? 80)"
            let path =
                (url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath)
                + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
            let kept = headers.filter {
                !["proxy-authorization", "proxy-connection", "connection"].contains($0.0.lowercased())
            }
            forwardHead =
                "\(method) \(path) \(start[2])\r\n" + kept.map { "\($0.0): \($0.1)\r\n" }.joined()
                + "Connection: close\r\n\r\n"
        }
        let parts = key.split(separator: ":")
        guard let portText = parts.last, let targetPort = Int(portText),
            let local = route(parts.dropLast().joined(separator: ":"), targetPort),
            let upstream = try? LoopbackSocket.dial(port: local)
        else {
            entry.refusal = 502
            record(entry)
            Self.send(fd, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        }
        defer { close(upstream) }
        record(entry)
        if let forwardHead {
            Self.send(upstream, forwardHead)
        } else {
            Self.send(fd, "HTTP/1.1 200 Connection established\r\n\r\n")
        }
        var up = Self.send(upstream, rest)
        var down = 0
        keepOpening(key, rest)
        relay(fd, upstream, up: &up, down: &down) { [self] in keepOpening(key, $0) }
        lock.withLock {
            let before = tunnelled[key] ?? (0, 0)
            tunnelled[key] = (before.up + up, before.down + down)
        }
    }

    private func record(_ entry: Entry) { lock.withLock { received.append(entry) } }

    /// Copies bytes both ways until either side closes.
    private func keepOpening(_ key: String, _ bytes: some Collection<UInt8>) {
        lock.withLock {
            let kept = opening[key, default: []].count
            if kept < 4096 { opening[key, default: []] += bytes.prefix(4096 - kept) }
        }
    }

    private func relay(
        _ client: Int32, _ upstream: Int32, up: inout Int, down: inout Int, sent: (ArraySlice<UInt8>) -> Void
    ) {
        var fds = [
            pollfd(fd: client, events: Int16(POLLIN), revents: 0),
            pollfd(fd: upstream, events: Int16(POLLIN), revents: 0),
        ]
        var buffer = [UInt8](repeating: 0, count: 16384)
        while poll(&fds, 2, 30_000) > 0 {
            for (index, (from, to)) in [(client, upstream), (upstream, client)].enumerated()
            where fds[index].revents != 0 {
                let n = read(from, &buffer, buffer.count)
                if n <= 0 { return }
                _ = buffer.withUnsafeBytes { write(to, $0.baseAddress, n) }
                if index == 0 {
                    up += n
                    sent(buffer[0..<n])
                } else {
                    down += n
                }
            }
        }
    }

    /// The request head (without the blank line) and whatever followed it in the same reads.
    private static func readHead(_ fd: Int32) -> (String, [UInt8])? {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while data.count < 65536 {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { return nil }
            data.append(contentsOf: buffer[0..<n])
            if let range = data.firstRange(of: Array("\r\n\r\n".utf8)) {
                return (String(decoding: data[..<range.lowerBound], as: UTF8.self), Array(data[range.upperBound...]))
            }
        }
        return nil
    }

    @discardableResult
    private static func send(_ fd: Int32, _ text: String) -> Int { send(fd, Array(text.utf8)) }

    @discardableResult
    private static func send(_ fd: Int32, _ bytes: [UInt8]) -> Int {
        guard !bytes.isEmpty else { return 0 }
        return bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
