import SourcesCore
import Testing

@Suite struct ControlCharactersTests {
    @Test func everyControlCharacterIsShownAsAJSONStyleEscape() {
        let hostile = "a\u{1B}]0;title\u{07}\u{1B}[2J\u{0}b\rc\u{7F}d\u{9B}e"
        #expect(ControlCharacters.escaped(hostile) == #"a\u001b]0;title\u0007\u001b[2J\u0000b\u000dc\u007fd\u009be"#)
        #expect(ControlCharacters.escaped("one\ntwo\tthree") == #"one\u000atwo\u0009three"#)
        #expect(ControlCharacters.escaped("one\ntwo\tthree", keepingLines: true) == "one\ntwo\tthree")
        #expect(ControlCharacters.escaped("a\r\nb", keepingLines: true) == #"a\u000d"# + "\nb")
        #expect(ControlCharacters.escaped("a\r\nb\rc", keepingLines: true, keepingCRLF: true) == "a\r\nb" + #"\u000dc"#)
    }

    @Test func plainTextIsReturnedAsItIs() {
        for text in ["", "plain ascii", "über · 東京 ✓", "line\n"] {
            #expect(!ControlCharacters.needsEscaping(text, keepingLines: true))
            #expect(ControlCharacters.escaped(text, keepingLines: true) == text)
        }
        #expect(ControlCharacters.needsEscaping("x\u{85}"))
    }
}
