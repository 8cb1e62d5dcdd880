import SourcesCore
import SourcesReaders
import Testing

/// The YAML and XML envelopes carry a `version` as the JSON one does, and their readers
/// check it the same way (``JSONEnvelopeVersionTests`` for JSON): a newer one is refused
/// where it is written, with what to do; none, or this one, is read.
@Suite struct EnvelopeVersionTests {
    private func yaml(_ text: String) throws(ReaderError) -> [RawRecord] {
        try readAll(YAMLReader(), .bytes(name: "t.yaml", Array(text.utf8))).0
    }

    private func xml(_ text: String) throws(ReaderError) -> [RawRecord] {
        try readAll(XMLReader(), .bytes(name: "t.xml", Array(text.utf8))).0
    }

    private func isNewerVersion(_ error: any Error, line: Int) -> Bool {
        guard let error = error as? ReaderError else { return false }
        return error.code == .unsupportedFormat && error.message.contains("upgrade ibsources")
            && error.location?.line == line
    }

    @Test func aNewerYAMLEnvelopeIsRefusedWhereItsVersionIsWritten() {
        // The flat path (scalar entries only) and the tree path (a nested entry first).
        for text in [
            "kind: imageboss-sources\nversion: 2\ncount: 1\nsources:\n  - source: a\n",
            "kind: imageboss-sources\nmeta: {by: someone}\nversion: 2\nsources:\n  - source: a\n",
        ] {
            #expect {
                _ = try yaml(text)
            } throws: { error in
                isNewerVersion(error, line: text.hasPrefix("kind: imageboss-sources\nversion") ? 2 : 3)
            }
        }
    }

    @Test func aNewerXMLEnvelopeIsRefusedWhereItsVersionIsWritten() {
        let text =
            "<?xml version=\"1.0\"?>\n<sources kind=\"imageboss-sources\" version=\"3\">\n"
            + "  <source source=\"a\"/>\n</sources>\n"
        #expect {
            _ = try xml(text)
        } throws: { error in
            isNewerVersion(error, line: 2)
        }
    }

    @Test func envelopesOfThisVersionOrNoneAndOtherFilesAreRead() throws {
        #expect(
            try yaml("kind: imageboss-sources\nversion: 1\nsources:\n  - source: a\n").map(\.dictionary) == [
                ["source": "a"]
            ])
        #expect(try yaml("kind: imageboss-sources\nsources:\n  - source: a\n").map(\.dictionary) == [["source": "a"]])
        // Another tool's envelope with a version of its own is not ours to judge.
        #expect(try yaml("kind: other\nversion: 9\nsources:\n  - source: a\n").map(\.dictionary) == [["source": "a"]])
        #expect(
            try xml("<sources kind=\"imageboss-sources\" version=\"1\"><source source=\"a\"/></sources>").map(
                \.dictionary)
                == [["source": "a"]])
        #expect(
            try xml("<sources version=\"9\"><source source=\"a\"/></sources>").map(\.dictionary) == [["source": "a"]])
    }

    @Test func whatTheWritersWriteIsReadBack() throws {
        let sources = [Source(name: "a", type: "url", credentials: ["url": "https://x.example"])]
        for (format, read) in [("yaml", yaml), ("xml", xml)] as [(String, (String) throws(ReaderError) -> [RawRecord])]
        {
            let writer = try #require(WriterRegistry.writer(named: format))
            let text = writer.render(sources, metadata: ExportMetadata())
            #expect(text.contains("version"), "\(format)")
            let records = try read(text)
            #expect(records.count == 1, "\(format)")
        }
    }
}
