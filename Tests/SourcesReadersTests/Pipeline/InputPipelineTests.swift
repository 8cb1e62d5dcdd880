import Foundation
import SourcesCore
import SourcesReaders
import TestSupport
import Testing

@Suite struct InputPipelineTests {
    /// The fake secrets of samples/demo.env.
    static let environment: [String: String] = {
        let text = (try? String(contentsOfFile: PackagePaths.sample("demo.env"), encoding: .utf8)) ?? ""
        var env: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            env[String(line[..<eq])] = String(line[line.index(after: eq)...]).trimmingCharacters(
                in: CharacterSet(charactersIn: "'"))
        }
        return env
    }()

    @Test(arguments: ["sources.csv", "sources.yaml", "sources.xml", "sources.json"])
    func samplesLoadValidWithSecretsFromTheEnvironment(sample: String) throws {
        let store = DiagnosticStore()
        let pipeline = InputPipeline(format: nil, environment: Self.environment, diagnostics: store)
        let records = try pipeline.load([.file(PackagePaths.sample(sample))])
        #expect(store.diagnostics.isEmpty, "\(store.diagnostics.map(\.formatted))")
        #expect(records.allSatisfy { $0.valid })
        #expect(Set(records.compactMap { $0.record.source.sourceType }) == Set(SourceType.allCases))
        let shop = try #require(records.first { $0.record.source.name == "shop-images" })
        #expect(shop.record.source.credentials["secret_access_key"] == Self.environment["DEMO_S3_SECRET"])
    }

    @Test func theSamplesDescribeTheSameSourcesWhereTheyOverlap() throws {
        var byFormat: [String: [String: Source]] = [:]
        for sample in ["sources.csv", "sources.json"] {
            let pipeline = InputPipeline(format: nil, environment: Self.environment, diagnostics: DiagnosticStore())
            let records = try pipeline.load([.file(PackagePaths.sample(sample))])
            byFormat[sample] = Dictionary(
                uniqueKeysWithValues: records.map { ($0.record.source.name, $0.record.source) })
        }
        #expect(byFormat["sources.csv"] == byFormat["sources.json"])
    }

    @Test(arguments: ["Credentials", "Credential-Attributes", "CREDENTIAL_ATTRIBUTES"])
    func everyFormatReadsACredentialContainerNamedInAnyCaseOrWithHyphens(container: String) throws {
        let texts = [
            "json":
                #"[{"source": "a", "source_type": "gcs", "\#(container)": {"bucket": "b", "access_key": "k", "secret": "s"}}]"#,
            "yaml":
                "- source: a\n  source_type: gcs\n  \(container):\n    bucket: b\n    access_key: k\n    secret: s\n",
            "xml": "<sources><source><source>a</source><source_type>gcs</source_type><\(container)>"
                + "<bucket>b</bucket><access_key>k</access_key><secret>s</secret></\(container)></source></sources>",
        ]
        for (format, text) in texts {
            let (records, diagnostics) = try loadText(text, format: format)
            #expect(diagnostics.isEmpty, "\(format): \(diagnostics.map(\.formatted))")
            #expect(
                records.first?.record.source.credentials == ["bucket": "b", "access_key": "k", "secret": "s"],
                "\(format)")
        }
    }

    /// Columns count characters in every format, so a position after non-ASCII text is
    /// the same kind of number whatever the input was.
    @Test(arguments: [
        ("xml", #"<sources><source name="éééé" type="url" url="https://a.example.com" bucket="x"/></sources>"#, "x"),
        ("yaml", #"- {source: "éééé", source_type: url, url: "https://a.example.com", bucket: x}"#, "x"),
        ("json", #"[{"source": "éééé", "source_type": "url", "url": "https://a.example.com", "bucket": "x"}]"#, "\""),
        ("csv", "source,source_type,url,bucket\néééé,url,https://a.example.com,x", "x"),
    ])
    func columnsCountCharactersInEveryFormat(format: String, text: String, at: String) throws {
        let (_, diagnostics) = try loadText(text + "\n", format: format)
        let unused = try #require(diagnostics.first { $0.code == .unusedAttribute })
        let location = try #require(unused.location)
        let line = Array(text.split(separator: "\n")[location.line - 1])
        // The character at the reported column (in characters, not bytes) is the value's first.
        #expect(location.column <= line.count && String(line[location.column - 1]) == at, "\(location)")
        #expect(String(line[(location.column - 1)...]).contains("x"))
    }

    @Test func namesAreCheckedAcrossInputsAndInvalidRecordsAreFlagged() throws {
        let store = DiagnosticStore()
        let pipeline = InputPipeline(format: "csv", environment: [:], diagnostics: store)
        let records = try pipeline.load([
            .bytes(name: "one.csv", Array("source,source_type,url\na,url,https://a.example/\nb,url,nope\n".utf8)),
            .bytes(
                name: "two.csv",
                Array("source,source_type,url\na,url,https://c.example/\nc,url,https://d.example/\n".utf8)),
        ])
        #expect(records.map(\.valid) == [true, false, false, true])
        let duplicate = try #require(store.diagnostics.first { $0.code == .duplicateName })
        #expect(duplicate.location == SourcesCore.SourceLocation(file: "two.csv", line: 2, column: 1))
        #expect(duplicate.message.contains("one.csv:2:1"))
    }

    @Test func aReaderErrorStopsAfterTheRecordsBeforeIt() {
        let pipeline = InputPipeline(format: "csv", environment: [:], diagnostics: DiagnosticStore())
        var seen: [String] = []
        #expect(throws: ReaderError.self) {
            try pipeline.run([
                .bytes(name: "t.csv", Array("source,source_type,url\na,url,https://a.example/\nb,url,\"open\n".utf8))
            ]) { record, _ in
                seen.append(record.source.name)
            }
        }
        #expect(seen == ["a"])
    }

    @Test func picksTheReaderByExtensionOrFormat() throws {
        #expect(try ReaderRegistry.reader(for: .file("x.CSV"), format: nil) is CSVReader)
        #expect(try ReaderRegistry.reader(for: .file("x.txt"), format: "json") is JSONReader)
        #expect(throws: ReaderError.self) { try ReaderRegistry.reader(for: .file("x.txt"), format: nil) }
        #expect(throws: ReaderError.self) { try ReaderRegistry.reader(for: .standardInput, format: nil) }
        #expect(throws: ReaderError.self) { try ReaderRegistry.reader(for: .file("x.csv"), format: "toml") }
    }

    /// A loaded record keeps its credentials in storage of their size: an export's record has
    /// ten fields, of which two or five are credentials.
    @Test func loadedCredentialsKeepNoRoomForTheOtherFields() throws {
        let text = #"""
            {"kind": "imageboss-sources", "version": 1, "count": 2, "sources": [
              {"id": "6b10bdefa16b35f23d3d6608", "source": "a", "source_type": "s3", "credentials": {"bucket": "b",
               "region": "us-east-1", "access_key_id": "AKIA1", "secret_access_key": "s", "secret_token": "t"},
               "created_at": "2026-12-03T00:55:11Z", "updated_at": "2026-12-03T00:55:11Z"},
              {"id": "6b10bdefa16b35f23d3d6609", "source": "b", "source_type": "url", "credentials": {
               "url": "https://img.example.com", "secret_token": "t"},
               "created_at": "2026-12-03T00:55:11Z", "updated_at": "2026-12-03T00:55:11Z"}]}
            """#
        let pipeline = InputPipeline(format: "json", environment: [:], diagnostics: DiagnosticStore())
        let records = try pipeline.load([.bytes(name: "export.json", Array(text.utf8))])
        #expect(records.map { $0.record.source.credentials.count } == [5, 2])
        #expect(records.allSatisfy { $0.record.source.credentials.capacity <= $0.record.source.credentials.count + 1 })
        #expect(records[0].record.source.credentials["secret_token"] == "t")
    }
}
