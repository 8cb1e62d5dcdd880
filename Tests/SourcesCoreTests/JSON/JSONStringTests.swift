import SourcesCore
import Testing

/// JSON strings both ways: the parser's no-escape fast path and its escape path give
/// the same text, bad bytes are refused, and `JSONText.quote` reads back unchanged.
@Suite struct JSONStringTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test(arguments: ["", "plain", "bücket-é", "日本", "emoji 😀", "a/b"])
    func stringsWithoutEscapesReadAsWritten(_ value: String) throws {
        #expect(try parse("[\"\(value)\"]") == .array([.string(value)]))
    }

    @Test func escapesAreDecoded() throws {
        #expect(try parse(#"["a\"b\\c\n\t\u00e9\ud83d\ude00 end"]"#) == .array([.string("a\"b\\c\n\té😀 end")]))
    }

    @Test func invalidUTF8IsRefusedOnBothPaths() {
        let fast: [UInt8] = [0x5B, 0x22, 0x61, 0xFF, 0x62, 0x22, 0x5D]  // ["a\xFFb"]
        let slow: [UInt8] = [0x5B, 0x22, 0x61, 0xFF, 0x5C, 0x6E, 0x22, 0x5D]  // ["a\xFF\n"]
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(fast) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(slow) }
    }

    @Test func controlCharactersAndOpenStringsAreRefused() {
        #expect(throws: JSONParser.Failure.self) { try parse("[\"a\u{01}b\"]") }
        #expect(throws: JSONParser.Failure.self) { try parse("[\"abc") }
    }

    @Test(arguments: ["plain-ascii", "with \"quotes\" and \\", "line\nbreak\ttab\u{01}", "é and \u{2028}", ""])
    func quotedTextReadsBack(_ value: String) throws {
        let quoted = JSONText.quote(value)
        #expect(try parse("[\(quoted)]") == .array([.string(value)]))
        #expect(!quoted.dropFirst().dropLast().contains("\n"))
    }
}
