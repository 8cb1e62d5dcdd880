import Foundation
import SourcesCore
import SourcesReaders
import TestSupport
import Testing

@Suite struct YAMLReaderTests {
    let reader = YAMLReader()

    @Test func aListOfFlatSourcesKeepsKeysValuesAndPositions() throws {
        let text = """
            - source: media
              source_type: s3
              bucket: my-bucket
              region:   us-east-1
            - name: "web"
              type: url
              url: 'https://example.com/x'

            """
        let out = MarkupHarness.read(reader, text: text, name: "list.yaml")
        #expect(out.error == nil)
        #expect(out.diagnostics.isEmpty)
        try #require(out.records.count == 2)
        #expect(
            MarkupHarness.pairs(out.records[0]) == [
                "source=media", "source_type=s3", "bucket=my-bucket", "region=us-east-1",
            ])
        #expect(
            MarkupHarness.positions(out.records[0]) == [
                "source@1:11", "source_type@2:16", "bucket@3:11", "region@4:13",
            ])
        #expect(
            out.records[0].origin
                == RecordOrigin(location: SourceLocation(file: "list.yaml", line: 1, column: 3), index: 1))
        #expect(MarkupHarness.pairs(out.records[1]) == ["name=web", "type=url", "url=https://example.com/x"])
        // Quoted values are located at their opening quote.
        #expect(MarkupHarness.positions(out.records[1]) == ["name@5:9", "type@6:9", "url@7:8"])
        #expect(out.records[1].origin.index == 2)
        #expect(out.records[1].origin.location.line == 5)
    }

    @Test func nestedCredentialsGetTheirContainerAsPrefix() {
        let text = """
            - source: a
              source_type: gcs
              credentials:
                bucket: b1
                access_key: k
            - source: c
              source_type: r2
              credential_attributes: {bucket: b2, secret: s}
            """
        let out = MarkupHarness.read(reader, text: text)
        #expect(out.diagnostics.isEmpty)
        #expect(
            out.records.map(MarkupHarness.pairs) == [
                ["source=a", "source_type=gcs", "credentials.bucket=b1", "credentials.access_key=k"],
                ["source=c", "source_type=r2", "credential_attributes.bucket=b2", "credential_attributes.secret=s"],
            ])
        #expect(MarkupHarness.field(out.records[0], "credentials.bucket")?.location.line == 4)
        #expect(MarkupHarness.field(out.records[0], "credentials.bucket")?.location.column == 13)
        #expect(MarkupHarness.field(out.records[1], "credential_attributes.secret")?.location.column == 47)
    }

    @Test func theSourcesEnvelopeIgnoresItsOtherKeys() {
        let text = """
            kind: ibsources/export
            version: 1
            exported_at: 2026-03-05T14:10:00Z
            endpoint: https://api.imageboss.me/v1/sources
            sources:
              - source: a
                source_type: url
                url: https://a.example
              - source: b
                source_type: url
                url: https://b.example
            count: 2
            """
        let out = MarkupHarness.read(reader, text: text)
        #expect(out.error == nil)
        #expect(out.diagnostics.isEmpty)
        #expect(out.records.map { MarkupHarness.field($0, "source")?.value } == ["a", "b"])
        #expect(out.records.map(\.origin.index) == [1, 2])
        #expect(out.records[1].origin.location.line == 9)
    }

    @Test func aStreamOfDocumentsGivesOneSourceEach() {
        let text = """
            ---
            source: a
            source_type: url
            url: https://a.example
            ---
            source: b
            source_type: url
            url: https://b.example
            ...
            ---
            - source: c
              source_type: url
            """
        let out = MarkupHarness.read(reader, text: text)
        #expect(out.error == nil)
        #expect(out.records.map { MarkupHarness.field($0, "source")?.value } == ["a", "b", "c"])
        #expect(out.records.map(\.origin.index) == [1, 2, 3])
        #expect(out.records[1].origin.location == SourceLocation(file: "in", line: 6, column: 1))
    }

    @Test func anchorsAliasesAndMergeKeysShareKeysAcrossBuckets() {
        let text = """
            - &first
              source: one
              source_type: s3
              credentials: &keys
                access_key_id: AK
                secret_access_key: SK
                region: eu-west-1
                bucket: default
            - source: two
              source_type: s3
              credentials:
                <<: *keys
                bucket: two-bucket
            - <<: [*first, {source: ignored, note: extra}]
              source: three
            - source: *keys
            """
        let out = MarkupHarness.read(reader, text: text)
        #expect(out.error == nil)
        try? #require(out.records.count == 4)
        #expect(
            MarkupHarness.pairs(out.records[1]) == [
                "source=two", "source_type=s3", "credentials.access_key_id=AK", "credentials.secret_access_key=SK",
                "credentials.region=eu-west-1", "credentials.bucket=two-bucket",
            ])
        // Keys written in the mapping win; the first merged mapping wins over the next.
        #expect(MarkupHarness.field(out.records[2], "source")?.value == "three")
        #expect(MarkupHarness.field(out.records[2], "source_type")?.value == "s3")
        #expect(MarkupHarness.field(out.records[2], "note")?.value == "extra")
        #expect(MarkupHarness.field(out.records[2], "credentials.bucket")?.value == "default")
        // A merged value keeps the position where it was written.
        #expect(MarkupHarness.field(out.records[1], "credentials.access_key_id")?.location.line == 5)
        // The fourth item's `source` is a mapping: reported, the field dropped.
        #expect(out.records.last?.fields.isEmpty == true)
        #expect(out.diagnostics.count == 1)
        #expect(out.diagnostics.first?.code == .unexpectedValue)
        #expect(out.diagnostics.first?.record == 4)
    }

    @Test func anchorsDefinedBesideTheSourcesListServeEveryItem() {
        let text = """
            kind: ibsources/export
            shared: &keys
              access_key: AK
              secret: SK
            sources:
              - source: one
                source_type: wasabi
                credentials: {<<: *keys, bucket: b1}
              - source: two
                source_type: wasabi
                credentials: *keys
            """
        let out = MarkupHarness.read(reader, text: text)
        #expect(out.error == nil)
        #expect(out.diagnostics.isEmpty)
        #expect(
            out.records.map(MarkupHarness.pairs) == [
                [
                    "source=one", "source_type=wasabi", "credentials.access_key=AK", "credentials.secret=SK",
                    "credentials.bucket=b1",
                ],
                ["source=two", "source_type=wasabi", "credentials.access_key=AK", "credentials.secret=SK"],
            ])
        #expect(MarkupHarness.field(out.records.last, "credentials.secret")?.location.line == 4)
    }

    @Test func scalarsAreKeptExactlyAsWrittenAndNullsLeftOut() {
        let text = """
            - source: s
              bucket: 0777
              region: no
              account_name: 1e3
              require_token: True
              quoted: "null"
              single: ''
              tilde: ~
              plain_null: null
              empty:
              tagged: !!null x
              block: |
                line one
                line two
              after: z
            """
        let out = MarkupHarness.read(reader, text: text)
        #expect(out.diagnostics.isEmpty)
        #expect(
            out.records.map(MarkupHarness.pairs) == [
                [
                    "source=s", "bucket=0777", "region=no", "account_name=1e3", "require_token=True", "quoted=null",
                    "single=", "block=line one\nline two\n", "after=z",
                ]
            ])
    }

    @Test func valuesOfTheWrongShapeAreReportedAndTheRecordStillComesOut() {
        let text = """
            - source: a
              bucket: [x, y]
              credentials:
                region: {deep: er}
                secret: s
              tags: {a: b}
            - just a string
            - source: c
            """
        let out = MarkupHarness.read(reader, text: text, name: "bad.yaml")
        #expect(out.error == nil)
        #expect(out.records.map(MarkupHarness.pairs) == [["source=a", "credentials.secret=s"], ["source=c"]])
        #expect(out.records.map(\.origin.index) == [1, 3])
        #expect(out.diagnostics.map(\.code) == Array(repeating: .unexpectedValue, count: 4))
        #expect(out.diagnostics.allSatisfy { $0.severity == .error })
        #expect(out.diagnostics.map(\.record) == [1, 1, 1, 2])
        #expect(
            out.diagnostics.map { $0.location?.description } == [
                "bad.yaml:2:11", "bad.yaml:4:13", "bad.yaml:6:9", "bad.yaml:7:3",
            ])
        #expect(out.diagnostics.map(\.field) == ["bucket", "credentials.region", "tags", nil])
    }

    @Test func readsAFileFromDisk() throws {
        let dir = try TemporaryDirectory(prefix: "ibsources-readers").url
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sources.yml").path
        try "sources:\n- source: a\n  source_type: url\n  url: https://x\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let out = MarkupHarness.read(reader, .file(path))
        #expect(out.error == nil)
        #expect(
            MarkupHarness.field(out.records.first, "url")?.location == SourceLocation(file: path, line: 4, column: 8))
        #expect(
            MarkupHarness.read(reader, .file(dir.appendingPathComponent("missing.yaml").path)).error?.code
                == .unreadableInput)
    }

    @Test func streamsManyRecordsOneAtATime() throws {
        var text = "sources:\n"
        for i in 1...20_000 { text += "- {source: s\(i), source_type: url, url: 'https://h/\(i)'}\n" }
        let store = DiagnosticStore()
        let iterator = try reader.records(from: .bytes(name: "big", Array(text.utf8)), diagnostics: store)
        var count = 0
        while let record = try iterator.next() {
            count += 1
            #expect(record.origin.index == count)
            if count == 20_000 { #expect(MarkupHarness.field(record, "source")?.value == "s20000") }
        }
        #expect(count == 20_000)
        #expect(store.diagnostics.isEmpty)
    }
}
