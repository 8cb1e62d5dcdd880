import Foundation
import TestSupport
import Testing

/// `validate` on input as people make it: spreadsheets, misnamed columns, files that
/// cannot be parsed, and its JSON output.
@Suite(.serialized) struct ValidateInputTests {
    private func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    private func temporaryFile(_ name: String, _ text: String) throws -> String {
        try temporaryFile(name, bytes: Array(text.utf8))
    }

    private func temporaryFile(_ name: String, bytes: [UInt8]) throws -> String {
        let directory = try TemporaryDirectory(prefix: "ibsources").url
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: spreadsheets (issue 11, item 4)

    @Test(arguments: [
        ["samples/excel/sources-utf8.csv"], ["samples/excel/sources-semicolon.csv"],
        ["--format", "csv", "samples/excel/sources-unicode-text.txt"],
    ])
    func excelFilesValidate(arguments: [String]) throws {
        let result = try CLI.runWithDemoSecrets(["validate", "--strict"] + arguments)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout == "8 records, 8 valid: 0 errors, 0 warnings\n")
    }

    @Test func aWindows1252FileIsNamedWithTheCommandThatConvertsIt() throws {
        let result = try CLI.runWithDemoSecrets(["validate", "samples/excel/sources-windows-1252.csv"])
        #expect(result.status == 2)
        #expect(
            lines(result.stdout).contains {
                $0.hasPrefix("samples/excel/sources-windows-1252.csv:2:") && $0.contains("error[parse-error]")
            },
            "\(result.stdout)")
        #expect(
            result.stdout.contains(
                "iconv -f WINDOWS-1252 -t UTF-8 'samples/excel/sources-windows-1252.csv' > "
                    + "'samples/excel/sources-windows-1252.utf8.csv'"))
    }

    @Test func delimiterIsCheckedAndOverridesTheHeader() throws {
        let semicolons = "source;source_type;url\nweb;url;https://x.example/\n"
        #expect(try CLI.runWithDemoSecrets(["validate", "-", "--format", "csv"], stdin: semicolons).status == 0)
        let forced = try CLI.runWithDemoSecrets(
            ["validate", "-", "--format", "csv", "--delimiter", ","], stdin: semicolons)
        #expect(forced.status == 2)
        #expect(forced.stdout.hasPrefix("-:1:1: error[parse-error]: the header row is a single column"))
        #expect(forced.stdout.contains("--delimiter ';'"))
        #expect(lines(forced.stdout).count == 2, "one hint, not errors per row: \(forced.stdout)")
        let tabs = "source\tsource_type\turl\nweb\turl\thttps://x.example/\n"
        #expect(
            try CLI.runWithDemoSecrets(["validate", "-", "--format", "csv", "--delimiter", "tab"], stdin: tabs).status
                == 0)
        let bad = try CLI.runWithDemoSecrets(["validate", "-", "--format", "csv", "--delimiter", "ab"], stdin: tabs)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--delimiter"))
        #expect(try CLI.runWithDemoSecrets(["plan", "--delimiter", "\"", "x.csv"]).status == 2)
    }

    // MARK: unknown columns and keys (issue 11, item 5)

    @Test func anUnknownColumnIsReportedOnceAndItsConsequencesSummedUp() throws {
        var csv = "source,source_type,Bucket Name,access_key,secret\n"
        for i in 1...500 { csv += "s\(i),gcs,b\(i),k,s\n" }
        let result = try CLI.runWithDemoSecrets(["validate", "-", "--format", "csv"], stdin: csv)
        #expect(result.status == 1)
        #expect(
            lines(result.stdout) == [
                "-:1:20: warning[unknown-field]: column 3, 'Bucket Name', is not a field of any source type, "
                    + "so its cells are not sent; did you mean 'bucket'?",
                "-:2:1: error[missing-credential]: source 's1': Credential bucket is required for gcs sources; add it",
                "-:1:20: note[repeated]: and 499 more records with the same error about 'bucket', which the unknown "
                    + "field 'bucket_name' here probably causes; --verbose lists every one",
                "500 records, 0 valid: 500 errors, 1 warning",
            ])
        let verbose = try CLI.runWithDemoSecrets(["validate", "-", "--format", "csv", "--verbose"], stdin: csv)
        let verboseLines = lines(verbose.stdout)
        #expect(verboseLines.count == 502)
        #expect(verboseLines.filter { $0.contains("error[missing-credential]") }.count == 500)
        #expect(verboseLines.last == "500 records, 0 valid: 500 errors, 1 warning")
        let json = try CLI.runWithDemoSecrets(["validate", "-", "--format", "csv", "--output", "json"], stdin: csv)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 501)
        #expect(diagnostics.filter { $0["code"] as? String == "unknown-field" }.count == 1)
    }

    @Test func aKeyNoTypeUsesIsReportedOncePerFile() throws {
        func yaml(_ names: [String]) -> String {
            "sources:\n"
                + names.map {
                    "  - source: \($0)\n    source_type: gcs\n    credentials: {acces_key: k, secret: s, bucket: b}\n"
                }.joined()
        }
        let one = try temporaryFile("one.yaml", yaml(["a", "b", "c"]))
        let two = try temporaryFile("two.yaml", yaml(["d"]))
        let result = try CLI.runWithDemoSecrets(["validate", one, two])
        #expect(result.status == 1)
        let unknown = lines(result.stdout).filter { $0.contains("warning[unknown-field]") }
        #expect(
            unknown == [
                "\(one):4:30: warning[unknown-field]: 'acces_key' is not a field of any source type, so its values "
                    + "are not sent; did you mean 'access_key'?",
                "\(two):4:30: warning[unknown-field]: 'acces_key' is not a field of any source type, so its values "
                    + "are not sent; did you mean 'access_key'?",
            ], "\(result.stdout)")
        #expect(lines(result.stdout).filter { $0.contains("error[missing-credential]") }.count == 2)
        #expect(result.stdout.contains("\(one):4:30: note[repeated]: and 2 more records"))
        #expect(lines(result.stdout).last == "4 records, 0 valid: 4 errors, 2 warnings")
        #expect(!result.stdout.contains("unused-attribute"))
    }

    // MARK: a parse error exits 2 in every format (issue 12, item 13)

    /// Inputs with a parse error, per format: in CSV one the reader survives (text after a
    /// closing quote), text that is not UTF-8 and a NUL byte; in the others a syntax error
    /// or text that is not UTF-8.
    static let unparseable: [(String, [UInt8])] = {
        var cases: [(String, [UInt8])] = []
        cases.append(("csv", Array("source,source_type,url\n\"web\"x,url,https://x.example/\n".utf8)))
        cases.append(("csv", Array("source,source_type,url\nweb,url,https://x.example/".utf8) + [0xE9, 10]))
        let long: [UInt8] = Array(repeating: UInt8(ascii: "a"), count: 5000)
        cases.append(("csv", Array("source,source_type,url\n".utf8) + long + [0, 10]))
        let json = Array("[{\"source\": \"web\", \"source_type\": \"url\", \"url\": \"https://x.example/".utf8)
        cases.append(("json", json + [0xE9] + Array("\"}]".utf8)))
        cases.append(("yaml", Array("- source: web\n  source_type: url\n  url: https://x.example/".utf8) + [0xE9, 10]))
        let xml =
            "<sources><source><source>web</source><source_type>url</source_type>"
            + "<x:url>https://x.example/</x:url></source></sources>"
        cases.append(("xml", Array(xml.utf8)))
        return cases
    }()

    @Test(arguments: 0..<6)
    func aParseErrorExitsTwo(index: Int) throws {
        let (format, bytes) = Self.unparseable[index]
        let result = try CLI.runWithDemoSecrets(["validate", try temporaryFile("in.\(format)", bytes: bytes)])
        #expect(result.status == 2, "\(format): \(result.stdout)")
        #expect(result.stdout.contains("error[parse-error]"), "\(format): \(result.stdout)")
    }

    // MARK: JSON output streams; duplicates are cheap (issue 12, item 10)

    @Test func jsonOutputListsDiagnosticsThenTheCounts() throws {
        let csv =
            "source,source_type,url\nweb,url,https://x.example/\nweb,url,https://x.example/\nweb,url,\"https://x.example/\"\n"
        let result = try CLI.runWithDemoSecrets(["validate", "-", "--format", "csv", "--output", "json"], stdin: csv)
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 3)
        #expect(object["valid"] as? Int == 1)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["code"] as? String } == ["duplicate-name", "duplicate-name"])
        #expect(diagnostics.map { $0["line"] as? Int } == [3, 4])
        #expect(diagnostics.allSatisfy { $0["source"] as? String == "web" && $0["field"] as? String == "source" })
        // Plain and quoted rows give the same message.
        #expect(Set(diagnostics.map { $0["message"] as? String }).count == 1)
        #expect(result.stdout.hasPrefix("{\n  \"diagnostics\": [\n"))
        #expect(result.stdout.hasSuffix("\n  ],\n  \"records\": 3,\n  \"valid\": 1\n}\n"))
        let clean = try CLI.runWithDemoSecrets(["validate", "samples/sources.csv", "--output", "json"])
        #expect(clean.stdout == "{\n  \"diagnostics\": [],\n  \"records\": 8,\n  \"valid\": 8\n}\n")
    }
}
