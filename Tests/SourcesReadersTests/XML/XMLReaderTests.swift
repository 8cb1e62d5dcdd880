import Foundation
import SourcesCore
import SourcesReaders
import TestSupport
import Testing

@Suite struct XMLReaderTests {
    let reader = XMLReader()

    /// Columns count characters in UTF-8 (a byte order mark not counted), and bytes in a
    /// document that declares a one-byte encoding (where they are characters too).
    @Test func columnsCountCharactersWhateverTheEncoding() {
        let utf8 = Array("\u{FEFF}<sources><source name=\"caf\u{e9}\" type=\"url\" url=\"u\"/></sources>".utf8)
        let plain = MarkupHarness.read(reader, .bytes(name: "u.xml", utf8))
        // <sources><source name="café" type="url" url="u"/>: type's value at character 36, url's at 46 (not the bytes).
        #expect(MarkupHarness.positions(plain.records[0]) == ["name@1:24", "type@1:36", "url@1:46"])
        var latin1 = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?>"#.utf8) + [0x0A]
        // 0xB0 (a degree sign in ISO-8859-1) would be a UTF-8 continuation byte.
        latin1 += Array(#"<sources><source name="caf"#.utf8) + [0xB0] + Array(#"" type="url" url="u"/></sources>"#.utf8)
        let declared = MarkupHarness.read(reader, .bytes(name: "l.xml", latin1))
        #expect(declared.error == nil)
        #expect(MarkupHarness.pairs(declared.records[0]) == ["name=caf\u{b0}", "type=url", "url=u"])
        #expect(MarkupHarness.positions(declared.records[0]) == ["name@2:24", "type@2:36", "url@2:46"])
    }

    @Test func attributesAndChildElementsBothGiveFields() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <sources kind="ibsources/export" version="1" count="2">
              <source name="a" type="s3" bucket="b"/>
              <source>
                <source>c</source>
                <source_type>gcs</source_type>
                <credentials>
                  <bucket>b2</bucket>
                  <access_key/>
                </credentials>
              </source>
            </sources>
            """
        let out = MarkupHarness.read(reader, text: text, name: "s.xml")
        #expect(out.error == nil)
        #expect(out.diagnostics.isEmpty)
        try #require(out.records.count == 2)
        #expect(MarkupHarness.pairs(out.records[0]) == ["name=a", "type=s3", "bucket=b"])
        #expect(MarkupHarness.positions(out.records[0]) == ["name@3:17", "type@3:26", "bucket@3:38"])
        #expect(
            out.records[0].origin == RecordOrigin(location: SourceLocation(file: "s.xml", line: 3, column: 3), index: 1)
        )
        #expect(
            MarkupHarness.pairs(out.records[1]) == [
                "source=c", "source_type=gcs", "credentials.bucket=b2", "credentials.access_key=",
            ])
        // Values are located where their text starts; an empty one at its element.
        #expect(
            MarkupHarness.positions(out.records[1]) == [
                "source@5:13", "source_type@6:18", "credentials.bucket@8:15", "credentials.access_key@9:7",
            ])
        #expect(out.records[1].origin.location.line == 4)
        #expect(out.records[1].origin.index == 2)
    }

    @Test func credentialAttributesAsAttributesAndNameTypeAliasesAreKeptAsWritten() {
        let text = """
            <sources><source><name>x</name><type>wasabi</type>\
            <credential_attributes bucket="bb" secret="s&amp;t"/></source></sources>
            """
        let out = MarkupHarness.read(reader, text: text)
        #expect(out.diagnostics.isEmpty)
        #expect(
            out.records.map(MarkupHarness.pairs) == [
                [
                    "name=x", "type=wasabi", "credential_attributes.bucket=bb", "credential_attributes.secret=s&t",
                ]
            ])
        #expect(
            MarkupHarness.positions(out.records[0]) == [
                "name@1:24", "type@1:38", "credential_attributes.bucket@1:82", "credential_attributes.secret@1:94",
            ])
    }

    @Test func textIsKeptAsWrittenWithEntitiesAndCDATADecoded() {
        let text = """
            <sources>
              <source>
                <source> spaced </source>
                <url><![CDATA[https://x.example/?a=1&b=2]]></url>
                <bucket>0777</bucket>
                <region>a &lt; b</region>
              </source>
            </sources>
            """
        let out = MarkupHarness.read(reader, text: text)
        #expect(
            out.records.map(MarkupHarness.pairs) == [
                [
                    "source= spaced ", "url=https://x.example/?a=1&b=2", "bucket=0777", "region=a < b",
                ]
            ])
    }

    @Test func aRootSourceIsOneRecord() {
        let out = MarkupHarness.read(
            reader, text: "<!-- one -->\n<source name=\"solo\" type=\"url\" url=\"https://s\"/>")
        #expect(out.error == nil)
        #expect(out.records.map(MarkupHarness.pairs) == [["name=solo", "type=url", "url=https://s"]])
        #expect(out.records.first?.origin.location.line == 2)
    }

    @Test func theWrongShapesAreReportedAndTheRestStillComesOut() {
        let text = """
            <sources>
              <item name="not a source"/>
              <source name="a">
                <bucket><inner>x</inner></bucket>
                <credentials><region><deep>y</deep></region><secret>s</secret></credentials>
                <tags k="v">t</tags>
              </source>
              <source name="b"/>
            </sources>
            """
        let out = MarkupHarness.read(reader, text: text, name: "bad.xml")
        #expect(out.error == nil)
        #expect(out.records.map(MarkupHarness.pairs) == [["name=a", "credentials.secret=s"], ["name=b"]])
        #expect(out.records.map(\.origin.index) == [2, 3])
        #expect(out.diagnostics.map(\.code) == Array(repeating: .unexpectedValue, count: 4))
        #expect(out.diagnostics.map(\.record) == [1, 2, 2, 2])
        #expect(
            out.diagnostics.map { $0.location?.description } == [
                "bad.xml:2:3", "bad.xml:4:13", "bad.xml:5:26", "bad.xml:6:5",
            ])
        #expect(out.diagnostics.map(\.field) == [nil, "bucket", "credentials.region", "tags"])
    }

    @Test func anotherRootIsAnError() {
        let out = MarkupHarness.read(reader, text: "<list><source name=\"a\"/></list>", name: "r.xml")
        #expect(out.error?.code == .parseError)
        #expect(out.error?.location == SourceLocation(file: "r.xml", line: 1, column: 1))
    }

    @Test func readsAFileFromDisk() throws {
        let dir = try TemporaryDirectory(prefix: "ibsources-readers").url
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sources.xml").path
        try "<sources>\n  <source name=\"a\" type=\"url\" url=\"https://x\"/>\n</sources>\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let out = MarkupHarness.read(reader, .file(path))
        #expect(out.error == nil)
        #expect(
            MarkupHarness.field(out.records.first, "url")?.location == SourceLocation(file: path, line: 2, column: 36))
    }

    @Test func streamsManyRecordsWithExactLinesPastEveryBufferBoundary() throws {
        var text = "<sources>\n"
        for i in 1...30_000 {
            text += "  <source name=\"s\(i)\" type=\"url\">\n    <url>https://h/\(i)</url>\n  </source>\n"
        }
        text += "</sources>\n"
        let store = DiagnosticStore()
        let iterator = try reader.records(from: .bytes(name: "big", Array(text.utf8)), diagnostics: store)
        var count = 0
        while let record = try iterator.next() {
            count += 1
            let line = 2 + (count - 1) * 3
            #expect(record.origin.location == SourceLocation(file: "big", line: line, column: 3))
            #expect(
                MarkupHarness.field(record, "url")?.location == SourceLocation(file: "big", line: line + 1, column: 10))
            #expect(MarkupHarness.field(record, "name")?.value == "s\(count)")
        }
        #expect(count == 30_000)
        #expect(store.diagnostics.isEmpty)
    }

    @Test func aUTF16DocumentIsReadWithLinesFromLibxml2() {
        let text =
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<sources>\n  <source name=\"ü\" type=\"url\"/>\n</sources>\n"
        let utf16: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let out = MarkupHarness.read(reader, .bytes(name: "u.xml", utf16))
        #expect(out.error == nil)
        #expect(out.records.map(MarkupHarness.pairs) == [["name=ü", "type=url"]])
        #expect(out.records.first?.origin.location.line == 3)
        #expect(MarkupHarness.field(out.records.first, "type")?.location.line == 3)
    }

    @Test func blankTextIsLayoutOutsideFieldsAndPartOfTheValueInside() {
        // xml:space="preserve" makes libxml2 call the blank text significant; it is still layout.
        let text = """
            <sources xml:space="preserve">
              <source>
                <bucket>   </bucket>
                <region a="1">\t</region>
                <credentials>
                  <secret> s </secret>
                  stray
                </credentials>
                loose
              </source>
            </sources>
            """
        let out = MarkupHarness.read(reader, text: text, name: "ws.xml")
        #expect(out.error == nil)
        #expect(out.records.map(MarkupHarness.pairs) == [["bucket=   ", "credentials.secret= s "]])
        #expect(MarkupHarness.positions(out.records[0]) == ["bucket@3:13", "credentials.secret@6:15"])
        // Text gets the line libxml2 gives it (where it ends) and column 1.
        #expect(out.diagnostics.map { $0.location?.description } == ["ws.xml:4:5", "ws.xml:8:1", "ws.xml:10:1"])
        #expect(out.diagnostics.map(\.field) == ["region", "credentials", nil])
    }

    @Test func columnsAreExactWhateverTheTextAndIndentationBeforeATag() throws {
        // Values and indentation of every length around the 8 bytes the tag locator reads at a time,
        // some values running over several lines.
        var text = "<sources>\n"
        var expected: [(key: String, value: String, line: Int, column: Int)] = []
        var line = 2
        for i in 0..<60 {
            text += "<source>\n"
            line += 1
            let indent = String(repeating: i % 3 == 0 ? "\t" : " ", count: i % 19)
            let value =
                String(repeating: "v", count: i % 23)
                + (i % 5 == 0 ? "\nmore \n" + String(repeating: "w", count: i % 11) : "")
            let key = "k\(i)"
            text += "\(indent)<\(key)>\(value)</\(key)>\n"
            let column = value.isEmpty ? indent.utf8.count + 1 : indent.utf8.count + key.utf8.count + 3
            expected.append((key, value, line, column))
            line += 1 + value.filter { $0 == "\n" }.count
            text += "</source>\n"
            line += 1
        }
        text += "</sources>\n"
        let out = MarkupHarness.read(reader, text: text, name: "c.xml")
        #expect(out.error == nil)
        #expect(out.diagnostics.isEmpty)
        try #require(out.records.count == expected.count)
        for (record, want) in zip(out.records, expected) {
            #expect(
                record.fields == [
                    RawField(
                        key: want.key, value: want.value,
                        location: SourceLocation(file: "c.xml", line: want.line, column: want.column))
                ])
        }
    }
}
