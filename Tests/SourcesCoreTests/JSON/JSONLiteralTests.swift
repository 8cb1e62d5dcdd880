import SourcesCore
import Testing

/// `true`, `false` and `null`: read whole, refused when cut short or misspelt.
@Suite struct JSONLiteralTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func literalsReadAsTheirValues() throws {
        #expect(try parse("[true,false,null]") == .array([.bool(true), .bool(false), .null]))
        #expect(try parse("null") == .null)
    }

    @Test(arguments: ["tru", "[tru]", "nul", "fals", "[trux]", "nulll", "True", "[n]"])
    func cutOrMisspeltLiteralsAreRefused(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try parse(text) }
    }
}
