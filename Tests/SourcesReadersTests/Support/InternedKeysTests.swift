import SourcesCore
import SourcesReaders
import Testing

/// More distinct keys than the YAML and XML readers keep (1,024 and 256): the keys past
/// the limit still come out right, in records before and after, nested or not.
@Suite struct InternedKeysTests {
    static let distinct = 1_200

    @Test func yamlKeysPastTheLimitStayRight() {
        var text = "- source: a\n  source_type: s3\n  credentials:\n"
        for i in 0..<Self.distinct { text += "    k\(i): v\(i)\n" }
        text += "- source: b\n  source_type: s3\n  credentials:\n    k5: again\n    k\(Self.distinct - 1): last\n"
        text += "  extra\(Self.distinct): flat\n"
        let out = MarkupHarness.read(YAMLReader(), text: text)
        #expect(out.error == nil)
        #expect(out.records.count == 2)
        let first = MarkupHarness.pairs(out.records[0])
        #expect(first.count == Self.distinct + 2)
        #expect(first.dropFirst(2) == ArraySlice((0..<Self.distinct).map { "credentials.k\($0)=v\($0)" }))
        #expect(
            MarkupHarness.pairs(out.records[1]) == [
                "source=b", "source_type=s3", "credentials.k5=again", "credentials.k\(Self.distinct - 1)=last",
                "extra\(Self.distinct)=flat",
            ])
    }

    @Test func xmlNamesPastTheLimitStayRight() {
        var text = "<sources>\n<source><source>a</source><source_type>s3</source_type><credentials>\n"
        for i in 0..<Self.distinct { text += "<k\(i)>v\(i)</k\(i)>\n" }
        text += "</credentials></source>\n"
        text += "<source name=\"b\" type=\"s3\" k\(Self.distinct - 1)=\"attr\"><credentials><k5>again</k5>"
        text += "<k\(Self.distinct - 2)>late</k\(Self.distinct - 2)></credentials></source>\n</sources>\n"
        let out = MarkupHarness.read(XMLReader(), text: text)
        #expect(out.error == nil, "\(String(describing: out.error))")
        #expect(out.records.count == 2)
        let first = MarkupHarness.pairs(out.records[0])
        #expect(first.dropFirst(2) == ArraySlice((0..<Self.distinct).map { "credentials.k\($0)=v\($0)" }))
        let second = Set(MarkupHarness.pairs(out.records[1]))
        #expect(second.contains("k\(Self.distinct - 1)=attr"))
        #expect(second.contains("credentials.k5=again"))
        #expect(second.contains("credentials.k\(Self.distinct - 2)=late"))
    }
}
