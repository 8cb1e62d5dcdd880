import SourcesCore
import Testing

/// `JSONParser.parseStream`: documents one after another, separated by white space (what the
/// YAML test suite's `in.json` files hold), with the one parser's rules and errors.
@Suite struct JSONStreamParsingTests {
    @Test func documentsSeparatedByWhiteSpaceComeBackInOrder() throws {
        let text = "{\"a\": 1, \"b\": [true, null]}\n[1, \"x\"]\n  \"s\"\t2\r\nnull\n"
        let documents = try JSONParser.parseStream(Array(text.utf8))
        #expect(
            documents == [
                .object([(key: "a", value: .number("1")), (key: "b", value: .array([.bool(true), .null]))]),
                .array([.number("1"), .string("x")]), .string("s"), .number("2"), .null,
            ])
        #expect(try JSONParser.parseStream(Array(" \n\t".utf8)).isEmpty)
    }

    @Test func aBrokenDocumentIsRefusedWhereItBreaks() {
        let text = "{\"a\": 1}\n{\"b\": }"
        let failure = #expect(throws: JSONParser.Failure.self) { try JSONParser.parseStream(Array(text.utf8)) }
        #expect(failure?.offset == 15)
        #expect(failure?.reason == "unexpected character")
        // The whole-document entry still refuses a second document.
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array("1 2".utf8)) }
    }
}
