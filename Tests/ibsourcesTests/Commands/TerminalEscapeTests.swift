import Foundation
import TestSupport
import Testing

/// An input file cannot drive the user's terminal: control characters it holds are shown
/// escaped (`\u001b`) in text output, and escaped as JSON escapes them in JSON output.
@Suite struct TerminalEscapeTests {
    /// Raw in a CSV cell (a NUL byte would make the file binary, refused as such: see the JSON input).
    static let hostileName = "shop\u{1B}]0;pwned\u{07}\u{1B}[2J\rforged line"

    private func input() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("escape-\(UUID().uuidString).csv")
        try "source,source_type,url\n\"\(Self.hostileName)\",url,https://img.example.com\n".write(
            to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// A JSON input whose name holds a NUL character (written as the escape `\u0000`, which JSON allows).
    private func jsonInputWithNUL() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("escape-\(UUID().uuidString).json")
        try #"[{"source": "shop\u001b]0;pwned\u0007\u0000x", "source_type": "url", "url": "https://img.example.com"}]"#
            .write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private func expectNoRawControls(_ text: String) {
        for byte: UInt8 in [0x1B, 0x07, 0x00, 0x0D] {
            #expect(!text.utf8.contains(byte), "raw byte \(byte) in: \(text.debugDescription.prefix(300))")
        }
    }

    @Test func validateShowsControlCharactersEscapedInText() throws {
        let file = try input()
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLI.runWithDemoSecrets(["validate", file.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        expectNoRawControls(result.stdout + result.stderr)
        #expect(result.stdout.contains(#"shop\u001b]0;pwned\u0007\u001b[2J\u000dforged line"#), "\(result.stdout)")
    }

    @Test func aNULFromAJSONStringIsShownEscapedToo() throws {
        let file = try jsonInputWithNUL()
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLI.runWithDemoSecrets(["validate", file.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        expectNoRawControls(result.stdout + result.stderr)
        #expect(result.stdout.contains(#"shop\u001b]0;pwned\u0007\u0000x"#), "\(result.stdout)")
    }

    @Test func validateEscapesThemAsJSONDoesInJSON() throws {
        let file = try input()
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try CLI.runWithDemoSecrets(["validate", file.path, "--output", "json"])
        expectNoRawControls(result.stdout + result.stderr)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.contains { ($0["source"] as? String)?.contains("shop\u{1B}]0;pwned\u{07}") == true })
    }
}
