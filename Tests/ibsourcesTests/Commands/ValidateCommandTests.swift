import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct ValidateCommandTests {
    @Test(arguments: ["sources.csv", "sources.yaml", "sources.xml", "sources.json"])
    func everySampleIsValid(sample: String) throws {
        let result = try CLI.runWithDemoSecrets(["validate", "samples/\(sample)", "--strict"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("0 errors, 0 warnings\n"))
    }

    @Test func theSamplesCoverEveryType() throws {
        for sample in ["sources.csv", "sources.yaml", "sources.xml", "sources.json"] {
            let result = try CLI.runWithDemoSecrets(["convert", "samples/\(sample)", "--to", "json"])
            #expect(result.status == 0)
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            let types = Set(
                ((object?["sources"] as? [[String: Any]]) ?? []).compactMap { $0["source_type"] as? String })
            #expect(types == ["s3", "gcs", "dos", "r2", "akamai", "wasabi", "azure", "url"], "\(sample)")
        }
    }

    @Test func invalidRecordsExitOneWithCompilerStyleLines() throws {
        let result = try CLI.runWithDemoSecrets([
            "validate", "samples/invalid/records.csv", "samples/invalid/more.yaml",
        ])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.contains(
                "samples/invalid/records.csv:5:1: error[missing-credential]: source 'missing-keys': Credential access_key_id is required for s3 sources; add it"
            ))
        #expect(
            lines.contains {
                $0.hasPrefix("samples/invalid/more.yaml:") && $0.contains("error[duplicate-name]: source 'twice'")
                    && $0.contains("records.csv:7:1")
            })
        #expect(lines.contains { $0.contains("warning[unused-attribute]") })
        let codes = Set(
            lines.compactMap { line -> String? in
                guard let open = line.range(of: "["), let close = line.range(of: "]:") else { return nil }
                return String(line[open.upperBound..<close.lowerBound])
            })
        for code in [
            "missing-name", "missing-type", "unknown-type", "missing-credential", "invalid-name", "duplicate-name",
            "invalid-require-token", "invalid-url", "invalid-service-type", "unused-attribute", "trimmed-value",
            "undefined-variable", "field-count", "unexpected-value",
        ] {
            #expect(codes.contains(code), "no sample shows \(code)")
        }
        #expect(lines.last?.hasPrefix("17 records, 3 valid: ") == true, "\(lines.last ?? "")")
    }

    @Test func jsonOutputHasEveryField() throws {
        let result = try CLI.runWithDemoSecrets(["validate", "samples/invalid/records.csv", "--output", "json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["records"] as? Int == 15)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first)
        #expect(
            Set(first.keys) == ["severity", "code", "file", "line", "column", "record", "source", "field", "message"])
        #expect(
            diagnostics.contains {
                $0["code"] as? String == "missing-credential" && $0["field"] as? String == "region"
                    && $0["line"] as? Int == 5
            })
    }

    @Test(arguments: [
        ("samples/invalid/unterminated.csv", "samples/invalid/unterminated.csv:2:9: error[parse-error]"),
        ("samples/invalid/truncated.json", "samples/invalid/truncated.json:3:"),
        ("samples/invalid/broken.yaml", "samples/invalid/broken.yaml:"),
        ("samples/invalid/doctype.xml", "samples/invalid/doctype.xml:"),
    ])
    func unparseableInputExitsTwoWithAPosition(file: String, prefix: String) throws {
        let result = try CLI.runWithDemoSecrets(["validate", file])
        #expect(result.status == 2)
        #expect(result.stdout.contains(prefix), "\(result.stdout)")
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLI.runWithDemoSecrets(["validate"]).status == 2)
        #expect(try CLI.runWithDemoSecrets(["validate", "x.txt"]).status == 2)
        #expect(try CLI.runWithDemoSecrets(["validate", "missing.csv"]).status == 2)
        #expect(try CLI.runWithDemoSecrets(["validate", "--output", "yaml", "samples/sources.csv"]).status == 2)
    }

    @Test func readsStandardInputWithAFormat() throws {
        let csv = "source,source_type,url\nweb,url,https://x.example/\n"
        let result = try CLI.runWithDemoSecrets(["validate", "-", "--format", "csv"], stdin: csv)
        #expect(result.status == 0)
        #expect(result.stdout == "1 record, 1 valid: 0 errors, 0 warnings\n")
        let noFormat = try CLI.runWithDemoSecrets(["validate", "-"], stdin: csv)
        #expect(noFormat.status == 2)
        #expect(noFormat.stderr.contains("--format"))
    }

    @Test func strictFailsOnWarnings() throws {
        let csv = "source,source_type,url,bucket\nweb,url,https://x.example/,b\n"
        #expect(try CLI.runWithDemoSecrets(["validate", "-", "--format", "csv"], stdin: csv).status == 0)
        #expect(try CLI.runWithDemoSecrets(["validate", "-", "--format", "csv", "--strict"], stdin: csv).status == 1)
    }
}
