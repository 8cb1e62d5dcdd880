import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

@testable import SourcesAPI
@testable import SourcesHTTP

/// A key is one line of visible ASCII; anything else is refused before any request, with a
/// message that names where the key came from and never what it holds.
@Suite struct APIKeyCheckTests {
    private func resolve(file: String? = nil, variable: String? = nil) throws(ConfigurationError) -> APIConfiguration {
        try APIConfiguration.resolve(
            endpoint: nil, apiKeyFile: file, allowHTTP: false,
            environment: variable.map { [APIConfiguration.apiKeyVariable: $0] } ?? [:])
    }

    private func write(_ bytes: [UInt8], in dir: String) throws -> String {
        let path = dir + "/key-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func oneTrailingLineBreakIsDroppedAndTheRestMustBeVisibleASCII() throws {
        let dir = try TemporaryDirectory(prefix: "ibsources-api-cli").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try resolve(file: write(Array("k-123\n".utf8), in: dir)).apiKey.rawValue == "k-123")
        #expect(try resolve(file: write(Array("k-123\r\n".utf8), in: dir)).apiKey.rawValue == "k-123")
        #expect(try resolve(variable: "env-key_9").apiKey.rawValue == "env-key_9")
        let bad: [(String, String)] = [
            ("K\r\nX-Injected: 1", "carriage return"), ("line1\nline2\n", "more than one line"),
            ("key\u{1B}]0;x\u{07}", "control character"), ("kéy", "not ASCII"), ("a key", "space"),
            ("key\n\n", "more than one line"), ("ke\u{0}y", "control character"),
        ]
        for (key, problem) in bad {
            let path = try write(Array(key.utf8), in: dir)
            let fromFile = try #require(throws: ConfigurationError.self) { try resolve(file: path) }
            #expect(fromFile.description.contains(problem), "\(fromFile)")
            #expect(fromFile.description.contains(path))
            let fromVariable = try #require(throws: ConfigurationError.self) { try resolve(variable: key) }
            #expect(fromVariable.description.contains(problem), "\(fromVariable)")
            #expect(fromVariable.description.contains("IMAGEBOSS_API_KEY"))
            for text in [fromFile.description, fromVariable.description] {
                #expect(!text.contains("X-Injected") && !text.contains("line2") && !text.contains("kéy"))
            }
        }
        let huge = try #require(throws: ConfigurationError.self) {
            try resolve(variable: String(repeating: "k", count: 2000))
        }
        #expect(huge.description.contains("longer than"))
    }

    @Test func anEmptyFileSaysItIsEmpty() throws {
        let dir = try TemporaryDirectory(prefix: "ibsources-api-cli").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try write([], in: dir)
        #expect(throws: ConfigurationError.emptyKeyFile(path: path)) { try resolve(file: path) }
        #expect(ConfigurationError.emptyKeyFile(path: path).description.contains("is empty"))
    }

    @Test func aTransportErrorNeverPrintsAHeaderValue() {
        let error = TransportErrorMapper.map(
            HTTPClientError.invalidHeaderFieldValues(["SECRET-HEADER-VALUE"]), host: "api.example.com")
        #expect(!"\(error)".contains("SECRET-HEADER-VALUE"))
        #expect("\(error)".contains("invalidHeaderFieldValues"))
    }

    /// Through the CLI: refused before any request reaches the server, and never printed.
    @Test func theCommandLineRefusesABadKeyBeforeAnyRequest() async throws {
        let dir = try TemporaryDirectory(prefix: "ibsources-api-cli").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try RawHTTPServer { _ in .respond(RawHTTPServer.response(status: 200, reason: "OK", body: "[]")) }
        defer { server.stop() }
        let twoLines = try write(Array("FirstLineKey\nSecondLineKey\n".utf8), in: dir)
        let passwd = FileManager.default.fileExists(atPath: "/etc/passwd") ? "/etc/passwd" : twoLines
        let passwdText = (try? String(contentsOfFile: passwd, encoding: .utf8)) ?? ""
        let cases: [([String], [String: String], [String])] = [
            (["--api-key-file", twoLines], [:], ["FirstLineKey", "SecondLineKey"]),
            (
                ["--api-key-file", passwd], [:],
                passwdText.split(separator: "\n").map(String.init).filter { $0.count > 3 }
            ),
            ([], ["IMAGEBOSS_API_KEY": "K\r\nX-Injected: 1"], ["X-Injected"]),
        ]
        for (flags, environment, leaks) in cases {
            let result = try await CLI.start(
                ["export", "--endpoint", server.baseURL] + flags, environment: environment, inheriting: false,
                separateErrors: true, directory: dir
            ).finish()
            #expect(result.status == 2, "\(result.output)")
            #expect(result.stderr.contains(flags.last ?? "IMAGEBOSS_API_KEY"), "\(result.stderr)")
            for leak in leaks { #expect(!result.output.contains(leak), "printed: \(leak)") }
        }
        #expect(server.requests.isEmpty)
    }
}
