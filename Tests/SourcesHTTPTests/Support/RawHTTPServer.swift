import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny HTTP/1.1 server on a real loopback socket (port chosen by the OS), for the
/// client behaviours the emulator cannot produce: an HTML 502 from a "proxy", a
/// truncated body, a connection closed before any answer, a server that never answers.
/// It records every request it receives, so tests can check what the client sent.
final class RawHTTPServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    enum Action: Sendable {
        /// Write these bytes, then close.
        case respond(String)
        /// Close without writing anything.
        case close
        /// Keep the connection open, answer nothing, for this long.
        case hang(seconds: Double)
    }

    let port: Int
    private let listener: LoopbackListener
    private let handler: @Sendable (Request) -> Action
    private let lock = NSLock()
    private var received: [Request] = []

    var requests: [Request] { lock.withLock { received } }
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    init(handler: @escaping @Sendable (Request) -> Action) throws {
        self.handler = handler
        listener = try LoopbackListener(backlog: 16)
        port = listener.port
        listener.start { [self] client in serve(client) }
    }

    func stop() { listener.stop() }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            if let end = headerEnd, data.count >= end + contentLength { break }
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { return }
            data.append(contentsOf: buffer[0..<n])
            if headerEnd == nil, let range = data.firstRange(of: Array("\r\n\r\n".utf8)) {
                headerEnd = range.upperBound
                let head = String(decoding: data[0..<range.lowerBound], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2, parts[0].lowercased() == "content-length" {
                        contentLength = Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
                    }
                }
            }
        }
        guard let end = headerEnd else { return }
        let head = String(decoding: data[0..<(end - 4)], as: UTF8.self)
        let lines = head.split(separator: "\r\n").map(String.init)
        let start = lines.first?.split(separator: " ").map(String.init) ?? []
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1].trimmingCharacters(in: .whitespaces)) : nil
        }
        let request = Request(
            method: start.first ?? "", path: start.count > 1 ? start[1] : "", headers: headers,
            body: String(decoding: data[end...], as: UTF8.self))
        lock.withLock { received.append(request) }
        switch handler(request) {
        case .respond(let text):
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        case .close:
            return
        case .hang(let seconds):
            Thread.sleep(forTimeInterval: seconds)
        }
    }

    /// A complete HTTP/1.1 response with a Content-Length.
    static func response(
        status: Int, reason: String, headers: [String: String] = [:], body: String,
        contentType: String = "application/json"
    ) -> String {
        var text = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\n"
        text += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        return text + "\r\n" + body
    }
}
