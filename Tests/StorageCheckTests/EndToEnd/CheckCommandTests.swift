import ArgumentParser
import Foundation
import SourcesCore
import StorageCheck
import TestSupport
import Testing

@testable import ibsources

/// `ibsources check`'s command line: input errors, usage errors, exit statuses, outputs.
@Suite struct CheckCommandTests {
    static func write(_ text: String, _ name: String, in directory: URL) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    @Test func invalidInputIsExit2AndNothingIsAsked() async throws {
        let origin = try await FakeProvider.start { _ in FakeProvider.Answer(status: 200) }
        let directory = try TemporaryDirectory(prefix: "ibsources-check").url
        try Self.write(
            "source,source_type,url\nfine,url,\(origin.baseURL)/\n,url,\(origin.baseURL)/nameless\n", "in.csv",
            in: directory)
        let text = try CLI.run(["check", "in.csv"], directory: directory)
        let json = try CLI.run(["check", "in.csv", "--output", "json"], directory: directory)
        let missing = try CLI.run(["check", "absent.csv"], directory: directory)
        await origin.stop()
        try? FileManager.default.removeItem(at: directory)

        #expect(text.status == 2)
        #expect(text.stdout.contains("in.csv:3:1: error[missing-name]"))
        #expect(text.stderr.contains("nothing was checked"))
        #expect(json.status == 2)
        #expect(json.stdout.contains("\"code\": \"missing-name\""))
        #expect(missing.status == 2)
        #expect(origin.received.isEmpty)
    }

    @Test func usageErrorsAreExit2() throws {
        let directory = try TemporaryDirectory(prefix: "ibsources-check").url
        try Self.write("source,source_type,url\nfine,url,http://127.0.0.1:1/\n", "in.csv", in: directory)
        let badEndpoint = try CLI.run(
            ["check", "in.csv", "--storage-endpoint", "s4=http://x"], directory: directory)
        let badShape = try CLI.run(["check", "in.csv", "--storage-endpoint", "http://x"], directory: directory)
        let badConcurrency = try CLI.run(["check", "in.csv", "--concurrency", "0"], directory: directory)
        let badTimeout = try CLI.run(["check", "in.csv", "--timeout", "-1"], directory: directory)
        try? FileManager.default.removeItem(at: directory)
        #expect(badEndpoint.status == 2 && badEndpoint.stderr.contains("'s4' is not a source type"))
        #expect(badShape.status == 2 && badShape.stderr.contains("is not TYPE=URL"))
        #expect(badConcurrency.status == 2)
        #expect(badTimeout.status == 2)
    }

    @Test func allOKIsExit0AndNotCheckedIsAWarningThatSaysWhy() async throws {
        let origin = try await FakeProvider.start { _ in FakeProvider.Answer(status: 200) }
        let directory = try TemporaryDirectory(prefix: "ibsources-check").url
        try Self.write(
            """
            - {source: web, source_type: url, url: "\(origin.baseURL)/img/"}
            - {source: r2, source_type: r2, access_key: AKIAR2, secret: "r2-secret-value", bucket: photos}

            """, "in.yaml", in: directory)
        let run = try CLI.run(["check", "in.yaml"], directory: directory)
        let json = try CLI.run(["check", "in.yaml", "--output", "json"], directory: directory)
        await origin.stop()
        try? FileManager.default.removeItem(at: directory)

        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("in.yaml:2:"))
        #expect(
            run.stdout.contains(
                "warning[check-not-checked]: source 'r2': R2's endpoint names the Cloudflare account id"))
        #expect(run.stdout.contains("--r2-account-id"))
        #expect(!run.stdout.contains("source 'web'"))  // ok records are not listed in text
        #expect(run.stdout.hasSuffix("2 sources checked: 1 ok, 1 not-checked\n"))
        #expect(!run.stdout.contains("r2-secret-value") && !json.stdout.contains("r2-secret-value"))
        // JSON: validate's shape, one diagnostic per record (a note for ok).
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 2 && object["valid"] as? Int == 2)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["code"] as? String } == ["check-ok", "check-not-checked"])
        #expect(diagnostics.first?["severity"] as? String == "note")
        #expect(
            Set(diagnostics.first?.keys.map { $0 } ?? []) == [
                "severity", "code", "file", "line", "column", "record", "source", "field", "message",
            ])
    }

    @Test func theR2AccountIDComesFromTheFlagOrTheEnvironment() throws {
        let fromEnvironment = try StorageCheckOptions.parse([]).settings(environment: ["R2_ACCOUNT_ID": "abc123"])
        #expect(fromEnvironment.r2AccountID == "abc123")
        let fromFlag = try StorageCheckOptions.parse(["--r2-account-id", "def456"])
            .settings(environment: ["R2_ACCOUNT_ID": "abc123"])
        #expect(fromFlag.r2AccountID == "def456")
        let endpoints = try StorageCheckOptions.parse([
            "--storage-endpoint", "s3=http://127.0.0.1:9000", "--storage-endpoint", "google=http://127.0.0.1:9001",
            "--path-style",
        ]).settings(environment: [:])
        #expect(
            endpoints.endpoints[.s3]?.port == 9000 && endpoints.endpoints[.gcs]?.port == 9001 && endpoints.pathStyle)
    }
}
