import Foundation
import TestSupport
import Testing

/// An input with no records is an error (`empty-input`) for every command that reads one,
/// unless `--allow-empty` says it is intended.
@Suite(.serialized) struct EmptyInputTests {
    /// Empty inputs of every format, as a user (or a failed download) leaves them.
    static let empties: [(name: String, text: String)] = [
        ("header-only.csv", "source,source_type,bucket\r\n"),
        ("empty.yaml", "sources: []\n"),
        ("nothing.yaml", ""),
        ("empty.json", "[]"),
        ("envelope.json", #"{"kind": "imageboss-sources", "version": 1, "count": 0, "sources": []}"#),
        ("empty.xml", "<?xml version=\"1.0\"?>\n<sources/>\n"),
    ]

    private func directory() throws -> URL {
        let dir = try TemporaryDirectory(prefix: "empty-input").url
        for (name, text) in Self.empties { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        try Data("source,source_type,url\nok,url,https://x.example.com\n".utf8).write(
            to: dir.appendingPathComponent("one.csv"))
        return dir
    }

    /// No API is reached: the key and endpoint point nowhere, and the command must stop first.
    private let offline = ["IMAGEBOSS_API_KEY": "never-used", "IMAGEBOSS_API_URL": "http://127.0.0.1:9/v1"]

    @Test(arguments: empties.map(\.name))
    func everyCommandRefusesAnEmptyInput(name: String) throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let commands: [(arguments: [String], status: Int32)] = [
            (["validate", name], 2),
            (["convert", name, "--to", "json"], 2),
            (["plan", name], 1),  // plan's errors are 1: 2 means "changes" with --detailed-exitcode
            (["import", name, "--yes"], 2),
            (["restore", name, "--yes"], 2),
            (["delete", "--from", name, "--yes"], 2),
        ]
        for (arguments, status) in commands {
            let result = try CLI.runWithDemoSecrets(arguments, environment: offline, directory: dir)
            let printed = result.stdout + result.stderr
            #expect(result.status == status, "\(arguments): \(printed)")
            #expect(
                printed.contains("\(name):1:1: error[empty-input]: the input holds no records"),
                "\(arguments): \(printed)")
            #expect(
                !printed.contains("connection refused") && !printed.contains("cannot list"),
                "\(arguments) reached for the API")
        }
    }

    @Test func oneEmptyInputAmongOthersIsNamedAndAllowEmptyAcceptsIt() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let refused = try CLI.runWithDemoSecrets(
            ["validate", "one.csv", "empty.json"], environment: offline, directory: dir)
        #expect(refused.status == 2)
        #expect(refused.stdout.contains("empty.json:1:1: error[empty-input]"))
        #expect(!refused.stdout.contains("one.csv:1:1"))
        #expect(refused.stdout.hasSuffix("1 record, 1 valid: 1 error, 0 warnings\n"), "\(refused.stdout)")

        let json = try CLI.runWithDemoSecrets(
            ["validate", "empty.yaml", "--output", "json"], environment: offline, directory: dir)
        #expect(json.status == 2)
        #expect(json.stdout.contains(#""code": "empty-input""#), "\(json.stdout)")

        let allowed = try CLI.runWithDemoSecrets(
            ["validate", "one.csv", "empty.json", "--allow-empty"], environment: offline, directory: dir)
        #expect(allowed.status == 0, "\(allowed.stdout)")
        let converted = try CLI.runWithDemoSecrets(
            ["convert", "header-only.csv", "--to", "yaml", "--allow-empty"], environment: offline, directory: dir)
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(converted.stdout.contains("count: 0"))
    }

    @Test func aNameOverTheMaximumLengthIsReportedFromEveryPath() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The CSV fast path (a plain row) and the full path (YAML) report the same code.
        let long = String(repeating: "n", count: 256)
        try Data("source,source_type,url\n\(long),url,https://x.example.com\n".utf8).write(
            to: dir.appendingPathComponent("long.csv"))
        try Data("- source: \(long)x\n  source_type: url\n  url: https://x.example.com\n".utf8).write(
            to: dir.appendingPathComponent("long.yaml"))
        let result = try CLI.runWithDemoSecrets(
            ["validate", "long.csv", "long.yaml"], environment: offline, directory: dir)
        #expect(result.status == 1)
        #expect(result.stdout.contains("long.csv:2:1: error[name-too-long]"), "\(result.stdout)")
        #expect(result.stdout.contains("long.yaml:1:11: error[name-too-long]"), "\(result.stdout)")
        #expect(result.stdout.contains("names are at most 255 characters"))
    }
}
