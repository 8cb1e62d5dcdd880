import Foundation
import TestSupport
import Testing

/// The small messages of issue 11 item 16, through the built binary.
@Suite(.serialized) struct SmallMessagesTests {
    private func temporaryDirectory() throws -> URL { try TemporaryDirectory(prefix: "ibsources-msg").url }

    /// `ibsources serve` on a free port; returns the process and its endpoint.
    private func serve(in dir: URL) throws -> (Process, String) {
        let (process, port) = try ServeCommand.start(apiKeys: ["msg-key"], in: dir)
        return (process, "http://127.0.0.1:\(port)/v1")
    }

    @Test func serveUsageErrorsShowServesUsageAndTheBindErrorReadsWell() throws {
        let noKey = try CLI.runWithDemoSecrets(["serve", "--port", "0"], environment: [:])
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("Usage: ibsources serve"), "\(noKey.stderr)")
        #expect(!noKey.stderr.contains("<subcommand>"))

        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (first, endpoint) = try serve(in: dir)
        defer { first.terminate(); first.waitUntilExit() }
        let port = String(endpoint.split(separator: ":").last?.split(separator: "/").first ?? "")
        let taken = try CLI.runWithDemoSecrets(["serve", "--port", port, "--api-key", "k"], environment: [:])
        #expect(taken.status != 0)
        let message = taken.stderr
        #expect(message.filter { $0 == "(" }.count == message.filter { $0 == ")" }.count, "\(message)")
        #expect(!message.contains("))"), "\(message)")
    }

    @Test func oneRequestIsSingularAndARefusedConnectionIsSaid() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (server, endpoint) = try serve(in: dir)
        defer { server.terminate(); server.waitUntilExit() }
        try "source,source_type,url\none-1,url,https://img.example.com\n".write(
            to: dir.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let env = ["IMAGEBOSS_API_KEY": "msg-key", "IMAGEBOSS_API_URL": endpoint]
        let first = try CLI.runWithDemoSecrets(
            ["import", "in.csv", "--yes", "--report", "a.json"], environment: env, directory: dir)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let again = try CLI.runWithDemoSecrets(
            ["import", "in.csv", "--yes", "--report", "b.json"], environment: env, directory: dir)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains(", 1 request ("), "\(again.stdout)")
        #expect(!again.stdout.contains("1 requests"))

        let refused = try CLI.runWithDemoSecrets(
            ["import", "in.csv", "--yes", "--report", "c.json", "--max-retries", "2"],
            environment: ["IMAGEBOSS_API_KEY": "msg-key", "IMAGEBOSS_API_URL": "http://127.0.0.1:9/v1"],
            directory: dir)
        #expect(refused.status == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains("connection refused (127.0.0.1:9), retrying (1/2)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("retrying (2/2)"), "\(refused.stderr)")
    }

    @Test func anEmptyKeyFileSaysItIsEmpty() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("empty-key")
        _ = FileManager.default.createFile(atPath: file.path, contents: Data())
        let result = try CLI.runWithDemoSecrets(
            ["export", "--api-key-file", file.path, "--endpoint", "http://127.0.0.1:9/v1"], environment: [:])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is empty"), "\(result.stderr)")
    }
}
