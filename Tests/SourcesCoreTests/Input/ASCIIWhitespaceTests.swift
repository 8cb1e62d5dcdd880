import Testing

@testable import SourcesCore

@Suite struct ASCIIWhitespaceTests {
    @Test func onlySpaceTabLineFeedAndCarriageReturnAreWhitespace() {
        let whitespace = (0...255).map(UInt8.init).filter(ASCIIWhitespace.contains)
        #expect(whitespace == [0x09, 0x0A, 0x0D, 0x20])
    }

    @Test func theRulesTheNormaliserAndTheJSONParserAgreeOnIt() throws {
        // Vertical tab and form feed are not JSON white space: not blank, not trimmed, not skipped.
        #expect(SourceRules.isBlank(" \t\r\n"))
        #expect(!SourceRules.isBlank("\u{0B}"))
        #expect(Normaliser.trimmed("\r\n\t a b \t\r\n") == "a b")
        #expect(Normaliser.trimmed("\u{0C}a\u{0C}") == "\u{0C}a\u{0C}")
        #expect(try JSONParser.parse(Array(" \t\r\n[1]\r\n".utf8)) == .array([.number("1")]))
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array("\u{0C}[1]".utf8)) }
    }
}
