import SourcesCore
import SourcesReaders
import Testing

/// An export envelope of a newer version is refused by the JSON reader (`import`, `restore`),
/// wherever its `version` stands; one without a version is read as version 1.
@Suite struct JSONEnvelopeVersionTests {
    private func read(_ text: String) throws(ReaderError) -> ([RawRecord], [Diagnostic]) {
        try readAll(JSONReader(), .bytes(name: "t.json", Array(text.utf8)))
    }

    @Test func aNewerEnvelopeIsRefusedWithWhatToDo() {
        for text in [
            #"{"kind": "imageboss-sources", "version": 2, "count": 1, "sources": [{"source": "a"}]}"#,
            #"{"kind": "imageboss-sources", "count": 1, "sources": [{"source": "a"}], "version": 2}"#,
            #"{"kind": "imageboss-sources", "version": "1.5", "sources": [{"source": "a"}]}"#,
        ] {
            #expect {
                _ = try read(text)
            } throws: { error in
                guard let error = error as? ReaderError else { return false }
                return error.code == .unsupportedFormat && error.message.contains("upgrade ibsources")
                    && error.location?.line == 1
            }
        }
    }

    @Test func anEnvelopeWithoutAVersionOrOfThisVersionIsRead() throws {
        let unversioned = try read(#"{"kind": "imageboss-sources", "sources": [{"source": "a"}]}"#)
        #expect(unversioned.0.map(\.dictionary) == [["source": "a"]])
        let current = try read(#"{"kind": "imageboss-sources", "version": 1, "sources": [{"source": "a"}]}"#)
        #expect(current.0.map(\.dictionary) == [["source": "a"]])
        // A single source object that has a field named `version` is not an envelope.
        let source = try read(#"{"source": "a", "version": 7}"#)
        #expect(source.0.map(\.dictionary) == [["source": "a", "version": "7"]])
    }
}
