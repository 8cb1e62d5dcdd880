import Foundation
import TestSupport
import Testing

/// `ibsources serve` as a script uses it: port 0, the port file, a request, then a signal.
@Suite(.serialized) struct ServeCommandTests {
    /// Starts the binary, waits for its port file, and returns the process and port.
    private func start(_ extra: [String] = []) throws -> (Process, Int, URL) {
        let dir = try TemporaryDirectory(prefix: "ibsources-serve").url
        let (process, port) = try ServeCommand.start(apiKeys: ["k1:acct"], extra: extra, in: dir)
        return (process, port, dir)
    }

    /// One HTTP/1.1 GET on a plain socket; returns the status line.
    private func statusLine(port: Int, path: String, key: String?) -> String? {
        guard let fd = try? LoopbackSocket.dial(port: port) else { return nil }
        defer { close(fd) }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let key { request += "imageboss-api-key: \(key)\r\n" }
        request += "\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self).components(separatedBy: "\r\n").first
    }

    /// Runs curl with `arguments` and returns what it printed.
    private func curl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    private func waitForExit(_ process: Process, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return !process.isRunning
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func servesOnThePortItWritesAndStopsCleanlyOnASignal(signal: Int32) throws {
        let (process, port, dir) = try start()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(statusLine(port: port, path: "/v1/sources", key: "k1") == "HTTP/1.1 200 OK")
        #expect(statusLine(port: port, path: "/v1/sources", key: nil) == "HTTP/1.1 401 Unauthorized")
        kill(process.processIdentifier, signal)
        #expect(waitForExit(process), "serve did not stop on signal \(signal)")
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(statusLine(port: port, path: "/v1/sources", key: "k1") == nil, "the port still answers")
    }

    @Test func aDatabaseSurvivesAKill() throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ibsources-serve-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: db) }
        let first = try start(["--db", db.path])
        let create = """
            {"source": {"source": "kept", "source_type": "url", "credential_attributes": {"url": "https://x.example/"}}}
            """
        let status = try curl([
            "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "imageboss-api-key: k1",
            "-H", "Content-Type: application/json", "--data", create, "http://127.0.0.1:\(first.1)/v1/sources",
        ])
        #expect(status == "201")
        kill(first.0.processIdentifier, SIGKILL)
        #expect(waitForExit(first.0))
        let second = try start(["--db", db.path])
        defer {
            kill(second.0.processIdentifier, SIGTERM)
            _ = waitForExit(second.0)
        }
        let text = try curl(["-s", "-H", "imageboss-api-key: k1", "http://127.0.0.1:\(second.1)/v1/sources"])
        #expect(text.contains("\"source\":\"kept\"") || text.contains("\"source\": \"kept\""), "\(text)")
    }

    @Test func theLimiterFlagsMakeABare429WithATextBodyOrAFixedWindow() throws {
        let bare = try start([
            "--rate-limit", "0.2", "--burst", "1", "--rate-limit-headers", "none", "--throttle-body", "text",
        ])
        defer {
            kill(bare.0.processIdentifier, SIGTERM)
            _ = waitForExit(bare.0)
            try? FileManager.default.removeItem(at: bare.2)
        }
        let url = "http://127.0.0.1:\(bare.1)/v1/sources"
        let first = try curl(["-s", "-i", "-H", "imageboss-api-key: k1", url]).lowercased()
        #expect(first.hasPrefix("http/1.1 200"), "\(first)")
        #expect(!first.contains("x-ratelimit"), "\(first)")
        let refused = try curl(["-s", "-i", "-H", "imageboss-api-key: k1", url])
        #expect(refused.hasPrefix("HTTP/1.1 429"), "\(refused)")
        #expect(!refused.lowercased().contains("retry-after") && !refused.lowercased().contains("x-ratelimit"))
        #expect(refused.lowercased().contains("content-type: text/plain"))
        #expect(refused.hasSuffix("\r\n\r\nRetry later\n"), "\(refused)")

        let window = try start([
            "--rate-limit", "1", "--rate-limit-window", "60", "--rate-limit-headers", "retry-after",
        ])
        defer {
            kill(window.0.processIdentifier, SIGTERM)
            _ = waitForExit(window.0)
            try? FileManager.default.removeItem(at: window.2)
        }
        // 60 requests per minute-long window, not 1 a second: 10 in a row all pass.
        for _ in 0..<10 { #expect(statusLine(port: window.1, path: "/v1/sources", key: "k1") == "HTTP/1.1 200 OK") }
    }
}
