import Foundation
import SourcesCore
import SourcesReaders
import Testing
import TestSupport

/// Bad YAML never crashes or hangs: each case gives an error or diagnostic with a
/// position in well under a second.
@Suite struct YAMLBadInputTests {
    let reader = YAMLReader()

    func expectError(
        _ bytes: [UInt8], _ code: DiagnosticCode, line: Int? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        MarkupHarness.expectError(
            reader, name: "bad.yaml", bytes, code, line: line, column: nil, sourceLocation: sourceLocation)
    }

    @Test func binaryGarbage() {
        var generator = TestSeed.generator()
        var bytes = TestSeed.bytes(4096, using: &generator)
        bytes[0] = 0x01
        expectError(bytes, .parseError, line: 1)
    }

    @Test func invalidUTF8() {
        expectError(
            Array("- source: a\n  bucket: b\n  region: ".utf8) + [0xC3, 0x28] + Array("\n".utf8), .parseError, line: 3)
    }

    @Test func aNULByte() {
        expectError(Array("- source: a\n  bucket: x".utf8) + [0] + Array("y\n".utf8), .parseError, line: 2)
    }

    @Test func aNULByteFarIntoTheInputStillGetsItsLine() {
        var text = ""
        for i in 1...20_000 { text += "- {source: s\(i), source_type: url}\n" }
        expectError(Array(text.utf8) + Array("- source: x".utf8) + [0] + Array("\n".utf8), .parseError, line: 20_001)
    }

    @Test func aNULByteFarIntoTheInputGetsItsLineAndColumnWhateverTheLineLengths() {
        var text = ""
        for i in 1...9_000 {
            text += "- {source: s\(i), source_type: url" + String(repeating: " ", count: i % 13) + "}\n"
        }
        let out = MarkupHarness.read(
            reader, .bytes(name: "bad.yaml", Array(text.utf8) + Array("- source: xé".utf8) + [0]))
        #expect(out.error?.location == SourceLocation(file: "bad.yaml", line: 9_001, column: 13))
    }

    @Test func aTruncatedDocument() {
        expectError(Array("- source: a\n  bucket: \"unterminated\n".utf8), .parseError)
        expectError(Array("sources:\n  - {source: a, bucket: [b\n".utf8), .parseError)
    }

    @Test func anUnknownAlias() {
        expectError(Array("- source: a\n  credentials: *nothing\n".utf8), .parseError, line: 2)
    }

    @Test func aBillionLaughs() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            text +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        text += "sources: [*a9]\n"
        expectError(Array(text.utf8), .limitExceeded)
    }

    @Test func aTenMegabyteValueIsReadInFull() {
        let big = String(repeating: "x", count: 10 * 1024 * 1024)
        let out = MarkupHarness.read(reader, text: "- source: a\n  bucket: \(big)\n  region: r\n")
        #expect(out.elapsed < .seconds(1))
        #expect(out.error == nil)
        #expect(MarkupHarness.field(out.records.first, "bucket")?.value.utf8.count == big.utf8.count)
        #expect(MarkupHarness.field(out.records.first, "region")?.location.line == 3)
    }

    @Test func deepNestingIsALimitNotACrash() {
        let text = "- source: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        expectError(Array(text.utf8), .limitExceeded, line: 1)
    }
}
