import SourcesCore
import Testing

@testable import SourcesReaders

/// The record reader reads usual items straight from events and hands anything else
/// (met at any point of an item) to the tree builder and extractor. Whatever the item,
/// its record and diagnostics must be the ones the tree route alone gives: these tests
/// read each list both ways and compare.
@Suite struct YAMLFlatItemReaderTests {
    /// Records and diagnostics of `text` (a YAML list of items) through the record reader.
    static func streamed(_ text: String) -> MarkupHarness.Outcome {
        MarkupHarness.read(YAMLReader(), text: text, name: "t.yaml")
    }

    /// The same through the whole-document tree and the extractor, item by item.
    static func viaTree(_ text: String) throws -> (records: [RawRecord], diagnostics: [Diagnostic]) {
        let store = DiagnosticStore()
        var extractor = YAMLRecordExtractor(file: "t.yaml", diagnostics: store)
        let documents = try YAMLDocumentIterator(input: .bytes(name: "t.yaml", Array(text.utf8)))
        let document = try #require(try documents.next())
        #expect(document.tree.nodes[document.root].kind == .sequence)
        var records: [RawRecord] = []
        for (offset, item) in document.tree.children(of: document.root).enumerated() {
            if let record = extractor.record(from: document.tree, root: item, index: offset + 1) {
                records.append(record)
            }
        }
        return (records, store.diagnostics)
    }

    static func expectSame(
        _ text: String, records expected: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation
    )
        throws
    {
        let streamed = streamed(text)
        let tree = try viaTree(text)
        #expect(streamed.error == nil, sourceLocation: sourceLocation)
        #expect(streamed.records.count == expected, sourceLocation: sourceLocation)
        #expect(streamed.records == tree.records, sourceLocation: sourceLocation)
        #expect(streamed.diagnostics == tree.diagnostics, sourceLocation: sourceLocation)
    }

    @Test func usualItemsComeOutAsTheTreeGivesThem() throws {
        try Self.expectSame(
            """
            - source: a
              source_type: s3
              region: ~
              empty:
              "quoted key": 'v'
              credentials:
                access_key: k
                secret: "s e c"
                bucket: Null
              Credential_Attributes: {x: "1", y: null}
            - {}
            - source: b
              credentials: {}
              credentials: plain
            """, records: 3)
    }

    @Test func itemsLeavingTheUsualShapeMidwayComeOutAsTheTreeGivesThem() throws {
        try Self.expectSame(
            """
            - source: a
              source_type: s3
              credentials: &c
                access_key: k
                bucket: b
            - source: b
              credentials:
                bucket: x
                <<: *c
            - source: c
              region: x
              <<: {source_type: gcs, bucket: m}
            - source: d
              credentials:
                bucket: x
                key: &k v
              extra: *k
            - source: e
              nested:
                a: b
              list: [1, 2]
            - source: f
              credentials:
                bucket: [x]
                inner: {deep: x}
                "<<": not a merge key
            - source: g
              !!str tagged: x
              k: !custom y
              n: !!null ""
            - source: h
              [a, b]: c
              ? complex
              : value
            - &whole
              source: i
            - *whole
            - plain scalar item
            - [list item]
            """, records: 10)
    }

    @Test func usualItemsCountTowardsTheAliasBudget() throws {
        // 2,000 usual items of 9 nodes make the budget 100 × 18,000 nodes; the aliases
        // after them expand to 156,773 nodes, over the 100,000 a small document gets.
        var text = ""
        for i in 0..<2_000 { text += "- source: s\(i)\n  credentials: {a: b, c: d}\n" }
        text += "- &a [x, x, x, x, x, x, x, x, x, x]\n"
        text += "- &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        text += "- &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        text += "- &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        text += "- [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        try Self.expectSame(text, records: 2_000)
        // Alone, the same aliases are over the budget.
        let alone = Self.streamed(text.split(separator: "\n").suffix(5).joined(separator: "\n"))
        #expect(alone.error?.code == .limitExceeded)
    }

    @Test func documentsOfOneSourceComeOutAsTheTreeGivesThem() throws {
        let text = """
            source: a
            credentials: {bucket: b, region: ~}
            ---
            source: b
            credentials:
              bucket: x
              key: &k v
            extra: *k
            ---
            source: c
            list: [1]
            credentials: {a: b}
            ---
            source: d
            <<: {type: gcs}
            ---
            &top
            source: e
            """
        let streamed = Self.streamed(text)
        #expect(streamed.error == nil)
        let store = DiagnosticStore()
        var extractor = YAMLRecordExtractor(file: "t.yaml", diagnostics: store)
        let documents = try YAMLDocumentIterator(input: .bytes(name: "t.yaml", Array(text.utf8)))
        var records: [RawRecord] = []
        while let document = try documents.next() {
            if let record = extractor.record(from: document.tree, root: document.root, index: records.count + 1) {
                records.append(record)
            }
        }
        #expect(records.count == 5)
        #expect(streamed.records == records)
        #expect(streamed.diagnostics == store.diagnostics)
    }

    @Test func aSourcesKeyIsFoundAfterUsualAndUnusualEntries() {
        let text = """
            kind: export
            version: 1
            sources:
              - source: a
            ---
            defaults: {source_type: s3}
            Sources:
              - source: b
            ---
            credentials: {a: &x b}
            "sources":
              - source: c
                credentials: {a: *x}
            ---
            source: d
            credentials: {a: b}
            """
        let out = Self.streamed(text)
        #expect(out.error == nil)
        #expect(out.diagnostics.isEmpty)
        #expect(
            out.records.map(MarkupHarness.pairs) == [
                ["source=a"], ["source=b"], ["source=c", "credentials.a=b"], ["source=d", "credentials.a=b"],
            ])
        #expect(out.records.map(\.origin.index) == [1, 2, 3, 4])
    }
}
