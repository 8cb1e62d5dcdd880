import Foundation
import SourcesCore
import SourcesReaders
import Testing

@Suite struct JSONReaderTests {
    private func read(_ text: String) throws(ReaderError) -> ([RawRecord], [Diagnostic]) {
        try readAll(JSONReader(), .bytes(name: "t.json", Array(text.utf8)))
    }

    @Test func readsTheAPIListResponse() throws {
        let text = """
            [
              {
                "id": "69a99ae507f19000072d0125",
                "source": "my-images",
                "source_type": "s3",
                "credentials": {
                  "bucket": "my-bucket",
                  "region": "us-east-1",
                  "access_key_id": "AKIA...",
                  "secret_access_key": "****",
                  "require_token": "true",
                  "secret_token": "a1b2c3d4e5f6..."
                },
                "created_at": "2026-03-05T14:10:00Z",
                "updated_at": "2026-03-05T14:10:00Z"
              }
            ]
            """
        let (records, diagnostics) = try read(text)
        #expect(diagnostics.isEmpty)
        #expect(records.count == 1)
        #expect(
            records[0].fields.map(\.key) == [
                "id", "source", "source_type", "credentials.bucket", "credentials.region", "credentials.access_key_id",
                "credentials.secret_access_key", "credentials.require_token", "credentials.secret_token", "created_at",
                "updated_at",
            ])
        #expect(records[0].origin.location == SourcesCore.SourceLocation(file: "t.json", line: 2, column: 3))
        #expect(records[0].fields[3].location == SourcesCore.SourceLocation(file: "t.json", line: 7, column: 17))
    }

    @Test func readsASingleObjectAndTheEnvelope() throws {
        let single = try read(#"{"source": "a", "source_type": "url", "credential_attributes": {"url": "https://x"}}"#)
        #expect(
            single.0.map(\.dictionary) == [
                ["source": "a", "source_type": "url", "credential_attributes.url": "https://x"]
            ])
        let envelope = try read(
            #"{"kind": "imageboss-sources", "version": 1, "count": 2, "sources": [{"source": "a"}, {"source": "b"}], "endpoint": "x"}"#
        )
        #expect(envelope.0.map(\.dictionary) == [["source": "a"], ["source": "b"]])
        #expect(envelope.0.map(\.origin.index) == [1, 2])
        #expect(envelope.1.isEmpty)
    }

    @Test func keepsNumbersAndBooleansAsWrittenAndDropsNull() throws {
        let (records, _) = try read(
            #"[{"bucket": 777, "n": -1.5e3, "require_token": true, "region": null, "s": "\u00e9\ud83d\ude00\n"}]"#)
        #expect(records[0].dictionary == ["bucket": "777", "n": "-1.5e3", "require_token": "true", "s": "é😀\n"])
    }

    @Test func reportsNestedValuesAndNonObjectItems() throws {
        let (records, diagnostics) = try read(
            #"[{"source": "a", "tags": ["x"]}, 42, {"source": "b", "credentials": {"k": {"deep": 1}}}]"#)
        #expect(records.map { $0.dictionary["source"] } == ["a", "b"])
        #expect(diagnostics.map(\.code) == [.unexpectedValue, .unexpectedValue, .unexpectedValue])
        #expect(diagnostics.map(\.record) == [1, 2, 3])
        #expect(diagnostics[0].location?.column == 26)
    }

    private func expectError(_ text: String, _ code: DiagnosticCode, line: Int, column: Int) {
        let elapsed = ContinuousClock().measure {
            #expect {
                try read(text)
            } throws: { error in
                let e = error as? ReaderError
                return e?.code == code && e?.location?.line == line && e?.location?.column == column
            }
        }
        #expect(elapsed < .seconds(1))
    }

    @Test func truncatedAndMalformedDocumentsAreErrorsWithPositions() {
        expectError("[\n  {\"source\": \"a\"},\n  {\"source\": ", .parseError, line: 3, column: 14)
        expectError("[{\"source\": \"a\" \"b\": 1}]", .parseError, line: 1, column: 17)
        expectError("[{\"source\": \"a\"}] trailing", .parseError, line: 1, column: 19)
        expectError("\u{0}[]", .parseError, line: 1, column: 1)
        expectError("[{\"source\": \"unterminated}]", .parseError, line: 1, column: 13)
        expectError(String(repeating: "[", count: 100_000), .limitExceeded, line: 1, column: 258)
        expectError("[0777]", .parseError, line: 1, column: 2)
    }

    @Test func invalidUTF8InAStringIsAnError() {
        let bytes = Array("[{\"source\": \"".utf8) + [0xC3, 0x28] + Array("\"}]".utf8)
        #expect {
            try readAll(JSONReader(), .bytes(name: "t.json", bytes))
        } throws: { error in
            (error as? ReaderError)?.message.contains("UTF-8") == true
        }
    }
}
