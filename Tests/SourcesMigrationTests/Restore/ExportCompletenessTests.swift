import Foundation
import SourcesCore
import SourcesMigration
import SourcesReaders
import TestSupport
import Testing

/// The export's completeness marker (`count`) as `restore --prune` reads it, and the secrets
/// template as the secrets-file reader reads it back.
@Suite struct ExportCompletenessTests {
    private let sources = (1...3).map { Fixtures.url("s-\($0)", url: "https://s\($0).example.com") }

    private func write(_ text: String, _ name: String, in dir: TemporaryDirectory) throws -> String {
        try text.write(toFile: dir.file(name), atomically: true, encoding: .utf8)
        return dir.file(name)
    }

    @Test func theCountOfEveryEnvelopeIsReadAndACSVHasNone() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let metadata = ExportMetadata(exportedAt: "2026-01-01T00:00:00Z", endpoint: "http://h/v1")
        for (format, ext) in [("json", "json"), ("yaml", "yaml"), ("xml", "xml")] {
            let writer = try #require(WriterRegistry.writer(named: format))
            let path = try write(writer.render(sources, metadata: metadata), "e.\(ext)", in: dir)
            #expect(ExportCount.read(path: path, format: nil) == 3, "\(format)")
            #expect(ExportCount.read(path: path, format: format) == 3, "\(format)")
        }
        let csv = try write(CSVSourcesWriter().render(sources, metadata: metadata), "e.csv", in: dir)
        #expect(ExportCount.read(path: csv, format: nil) == nil)
        #expect(ExportCount.read(path: dir.file("missing.json"), format: nil) == nil)
    }

    @Test func anythingUncertainIsNoMarker() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cases: [(String, String, Int?)] = [
            // A count after the sources, strings holding braces and the word count: still read.
            (
                #"{"sources": [{"source": "a\"}{count", "credentials": {"count": "9"}}], "kind": "imageboss-sources", "count": 1}"#,
                "json", 1
            ),
            (#"{"kind": "imageboss-sources", "count": 2, "sources": [], "count": 3}"#, "json", nil),  // two counts
            (#"{"kind": "imageboss-sources", "count": 2.5, "sources": []}"#, "json", nil),
            (#"{"kind": "something-else", "count": 2, "sources": []}"#, "json", nil),
            (#"[{"count": 1}]"#, "json", nil),
            ("kind: imageboss-sources\nsources:\n  - source: a\n    count: 7\ncount: 1 # trailing\n", "yaml", 1),
            ("sources:\n  - source: a\ncount: 1\n", "yaml", nil),  // not the envelope
            ("<!-- an export -->\n<sources count='4' kind='imageboss-sources'>\n</sources>\n", "xml", 4),
            ("<sources kind=\"imageboss-sources\">\n</sources>\n", "xml", nil),
        ]
        for (i, (text, format, expected)) in cases.enumerated() {
            let path = try write(text, "c\(i).\(format)", in: dir)
            #expect(ExportCount.read(path: path, format: nil) == expected, "\(text)")
        }
    }

    @Test func pruneRunsOnlyOnAnExportWhoseCountMatchesTheRecordsRead() {
        #expect(RestoreOptions(prune: true, exportCount: 8).pruneProblem(read: 8, invalid: 0) == nil)
        #expect(
            RestoreOptions(prune: true, exportCount: 8).pruneProblem(read: 3, invalid: 0)?
                .hasPrefix("the export says it holds 8 sources (its count) but 3 were read") == true)
        #expect(
            RestoreOptions(prune: true).pruneProblem(read: 3, invalid: 0)?.hasPrefix("the export has no count") == true)
        #expect(RestoreOptions(prune: true, requireCount: false).pruneProblem(read: 3, invalid: 0) == nil)
        #expect(
            RestoreOptions(prune: true, exportCount: 3).pruneProblem(read: 3, invalid: 1)?.contains(
                "not read completely") == true)
    }

    @Test func theSecretsTemplateReadsBackThroughTheSecretsFileReader() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var exported = RestoreFixtures.sources().enumerated().map { i, source in
            Fixtures.remote(source, id: String(format: "a%023d", i), secretToken: "t\(i)")
        }
        exported.append(
            Fixtures.remote(Fixtures.s3("name: with \"quotes\" # and a hash"), id: "b00000000000000000000001"))
        let path = dir.file("secrets.yaml")
        #expect(try SecretsTemplate.write(exported, to: path) == 4)
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        let read = try SecretsFileReader.read(.file(path), environment: [:])
        #expect(
            read == [
                "shop-images": ["secret_access_key": ""],
                "press-kit": ["secret": ""],
                "support-files": ["sas_token": ""],
                "name: with \"quotes\" # and a hash": ["secret_access_key": ""],
            ])
        #expect(throws: FileWriteError.self) { try SecretsTemplate.write(exported, to: path) }

        // An empty value counts as not given: the source is listed as missing its secret, never sent blank.
        let records = exported.map { Fixtures.record($0) }
        let (merged, _) = SecretsApplier.apply(read, to: records)
        var plan = Planner().plan(merged, remote: [])
        let missing = SecretsApplier.markMissing(in: &plan)
        #expect(
            missing.map(\.source).sorted() == [
                "name: with \"quotes\" # and a hash", "press-kit", "shop-images", "support-files",
            ])
    }
}
