import SourcesCore
import Testing

/// The writers' escaping is one escaper per syntax: JSON strings (which YAML's double-quoted
/// scalars share) and CSV fields (which the export and the report's CSV twin share).
@Suite struct EscapingTests {
    @Test func jsonEscapesWhatATerminalOrYAMLWouldNotShowAsItIs() {
        #expect(JSONText.quote("a\u{7F}b\u{85}c\u{9F}d\u{FEFF}e") == #""a\u007fb\u0085c\u009fd\ufeffe""#)
        #expect(JSONText.quote("\u{8}\u{C}\u{1B}\u{2028}") == #""\b\f\u001b\u2028""#)
        #expect(JSONText.quote("plain ASCII ~") == #""plain ASCII ~""#)
        #expect(JSONText.quote("ünï 日本 👍🏽") == "\"ünï 日本 👍🏽\"")
    }

    @Test(arguments: ["no", "a\"b\\c\nd\u{1}", "\u{8}\u{C}\u{7F}\u{85}\u{FEFF}", "ünï", "${X}"])
    func yamlQuotesAsJSONDoes(value: String) {
        #expect(YAMLSourcesWriter.quote(value) == JSONText.quote(value))
    }

    @Test func bothCSVsQuoteAFieldTheSameWayAndOnlyTheReportDefusesFormulas() {
        #expect(CSVText.field("a,b") == "\"a,b\"")
        #expect(CSVText.field(" padded") == "\" padded\"")
        #expect(CSVText.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVText.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVText.field("+secret") == "+secret")
        #expect(CSVText.spreadsheetField("+secret") == "'+secret")
        #expect(CSVText.spreadsheetField("=1,2") == "\"'=1,2\"")
        let source = Source(name: "a,b", type: "url", credentials: ["url": " padded"])
        let export = CSVSourcesWriter().render([source], metadata: ExportMetadata())
        #expect(export.contains("\"a,b\",url,\" padded\"\r\n"), "\(export)")
    }
}
