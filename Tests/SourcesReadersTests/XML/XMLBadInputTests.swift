import Foundation
import SourcesCore
import SourcesReaders
import Testing
import TestSupport

/// Bad XML never crashes or hangs: each case gives an error or diagnostic with a
/// position in well under a second.
@Suite struct XMLBadInputTests {
    let reader = XMLReader()

    func expectError(
        _ bytes: [UInt8], _ code: DiagnosticCode, line: Int? = nil, column: Int? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        MarkupHarness.expectError(
            reader, name: "bad.xml", bytes, code, line: line, column: column, sourceLocation: sourceLocation)
    }

    @Test func binaryGarbage() {
        var generator = TestSeed.generator()
        var bytes = TestSeed.bytes(4096, using: &generator)
        bytes[0] = 0x01
        expectError(bytes, .parseError, line: 1)
    }

    @Test func invalidUTF8() {
        expectError(
            Array("<sources>\n<source name=\"".utf8) + [0xC3, 0x28] + Array("\"/>\n</sources>".utf8), .parseError,
            line: 2)
    }

    @Test func aNULByte() {
        expectError(
            Array("<sources>\n<source>\n<bucket>a".utf8) + [0] + Array("b</bucket></source></sources>".utf8),
            .parseError, line: 3)
    }

    @Test func aTruncatedDocument() {
        expectError(Array("<sources>\n  <source name=\"a\">\n    <bucket>b</buck".utf8), .parseError, line: 3)
        expectError(Array("<sources>\n  <source name=\"a\"/>\n".utf8), .parseError)
    }

    @Test func anExternalEntityIsRefusedBeforeAnythingIsRead() {
        let text = """
            <?xml version="1.0"?>
            <!-- exported -->
            <!DOCTYPE sources [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <sources><source name="&secret;"/></sources>
            """
        expectError(Array(text.utf8), .forbiddenConstruct, line: 3, column: 1)
    }

    @Test func anXMLBillionLaughsIsRefused() {
        var text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            text += " <!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        text += "]>\n<sources><source name=\"&lol9;\"/></sources>\n"
        expectError(Array(text.utf8), .forbiddenConstruct, line: 2)
    }

    @Test func anUndefinedEntityIsAnError() {
        expectError(Array("<sources>\n<source name=\"&nope;\"/></sources>".utf8), .forbiddenConstruct, line: 2)
    }

    @Test func aTenMegabyteValue() {
        let big = String(repeating: "x", count: 10 * 1024 * 1024)
        let out = MarkupHarness.read(
            reader, text: "<sources>\n<source name=\"a\">\n<bucket>\(big)</bucket>\n</source></sources>")
        #expect(out.elapsed < .seconds(1))
        // libxml2 refuses text nodes over 10,000,000 bytes: a limit error with its line.
        #expect(out.error?.code == .limitExceeded, "\(String(describing: out.error))")
        #expect(out.error?.location?.line == 3)
    }

    @Test func aLargeButAcceptableValueIsReadInFull() {
        let big = String(repeating: "y", count: 5 * 1024 * 1024)
        let out = MarkupHarness.read(
            reader,
            text: "<sources>\n<source name=\"a\">\n<bucket>\(big)</bucket>\n<region>r</region></source></sources>")
        #expect(out.elapsed < .seconds(1))
        #expect(out.error == nil)
        #expect(MarkupHarness.field(out.records.first, "bucket")?.value.utf8.count == big.utf8.count)
        #expect(
            MarkupHarness.field(out.records.first, "region")?.location == SourceLocation(file: "in", line: 4, column: 9)
        )
    }

    @Test func aUTF16BillionLaughsIsRefusedToo() {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            text += " <!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        text += "]>\n<sources><source name=\"&lol9;\"/></sources>\n"
        let utf16: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let out = MarkupHarness.read(reader, .bytes(name: "bad.xml", utf16))
        #expect(out.elapsed < .seconds(1))
        #expect(
            out.error?.code == .forbiddenConstruct || out.error?.code == .parseError, "\(String(describing: out.error))"
        )
        #expect(out.records.isEmpty)
    }
}
