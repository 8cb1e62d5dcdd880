import Foundation
import TestSupport
import Testing

/// A real TLS server (`openssl s_server`) with a self-signed certificate made for the test:
/// the CLI first refuses it, saying why and what to do, then trusts it through `SSL_CERT_FILE`.
@Suite(.serialized) struct TLSTrustTests {
    /// `openssl s_server -HTTP` serving `v1/sources` (a complete response: `[]`) from `directory`.
    final class OpenSSLServer: @unchecked Sendable {
        let process = Process()
        let port: Int

        init(directory: String) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "openssl", "s_server", "-accept", "0", "-cert", "cert.pem", "-key", "key.pem", "-HTTP",
            ]
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            // Should it never say where it listens, stop it: the read below then ends.
            let watched = process
            let listening = NSLock()
            nonisolated(unsafe) var found = false
            DispatchQueue.global().asyncAfter(deadline: .now() + 15) {
                if !listening.withLock({ found }) { kill(watched.processIdentifier, SIGKILL) }
            }
            defer { listening.withLock { found = true } }
            var text = ""
            let deadline = Date().addingTimeInterval(10)
            while !text.contains("ACCEPT"), Date() < deadline {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let line = text.split(separator: "\n").first(where: { $0.contains("ACCEPT") }),
                let port = Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "")
            else {
                process.terminate()
                throw POSIXError(.EIO)
            }
            self.port = port
        }

        /// SIGKILL: `s_server` does not stop on SIGTERM.
        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    private static func shell(_ command: String, in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw POSIXError(.EIO) }
    }

    @Test func anUntrustedCertificateIsNamedAndSSLCertFileTrustsIt() async throws {
        let dir = try TemporaryDirectory(prefix: "ibsources-api-cli").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.shell(
            "openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=localhost "
                + "-addext subjectAltName=DNS:localhost,IP:127.0.0.1", in: dir)
        try FileManager.default.createDirectory(atPath: dir + "/v1", withIntermediateDirectories: true)
        try "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n[]".write(
            toFile: dir + "/v1/sources", atomically: true, encoding: .utf8)
        let server = try OpenSSLServer(directory: dir)
        defer { server.stop() }
        let endpoint = "https://127.0.0.1:\(server.port)/v1"
        let key = ["IMAGEBOSS_API_KEY": "tls-test-key-1"]

        let refused = try await CLI.start(
            ["export", "--endpoint", endpoint], environment: key, inheriting: false, separateErrors: true,
            directory: dir
        ).finish()
        #expect(refused.status == 3, "\(refused.output)")
        #expect(refused.stderr.contains("certificate for 127.0.0.1 was not trusted"), "\(refused.stderr)")
        #expect(refused.stderr.contains("SSL_CERT_FILE"))
        #expect(!refused.stderr.contains("NIOSSLError"))

        let trusted = try await CLI.start(
            ["export", "--endpoint", endpoint], environment: key.merging(["SSL_CERT_FILE": dir + "/cert.pem"]) { $1 },
            inheriting: false, separateErrors: true, directory: dir
        ).finish()
        #expect(trusted.status == 0, "\(trusted.output)")
        #expect(trusted.stdout.contains(#""count": 0"#), "\(trusted.stdout)")

        let wrongFile = try await CLI.start(
            ["export", "--endpoint", endpoint], environment: key.merging(["SSL_CERT_FILE": dir + "/v1/sources"]) { $1 },
            inheriting: false, separateErrors: true, directory: dir
        ).finish()
        #expect(wrongFile.status == 2, "\(wrongFile.output)")
        #expect(wrongFile.stderr.contains("SSL_CERT_FILE names \(dir)/v1/sources"), "\(wrongFile.stderr)")
    }
}
