import SourcesCore
import SourcesReaders
import Testing

/// Values with the characters the writers escape (controls, DEL, C1, U+2028, a byte order
/// mark) read back as they were from JSON and YAML, whose writers share one escaper.
@Suite struct EscapedValueRoundTripTests {
    static let hidden = "a\u{8}b\u{C}c\u{1B}d\u{7F}e\u{85}f\u{2028}g\u{FEFF}h\"i\\j\tk\nl"

    @Test(arguments: [("json", JSONReader() as any RecordReader), ("yaml", YAMLReader() as any RecordReader)])
    func aValueWithHiddenCharactersReadsBack(format: String, reader: any RecordReader) throws {
        let writer = try #require(WriterRegistry.writer(named: format))
        let source = Source(name: "n", type: "url", credentials: ["url": Self.hidden])
        let text = writer.render([source], metadata: ExportMetadata())
        let (records, _) = try readAll(reader, .bytes(name: "t.\(format)", Array(text.utf8)))
        let url = records.first?.fields.first { $0.key.hasSuffix("url") }?.value
        #expect(url == Self.hidden, "\(text)")
    }
}
