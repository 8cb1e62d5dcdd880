import Foundation
import SourcesCore
import SourcesReaders
import TestSupport
import Testing

/// CSV as spreadsheets write it: `samples/excel/` holds the samples as Excel saves them
/// (a byte order mark, CRLF, `Source Name` headers, semicolons, UTF-16LE with tabs,
/// Windows-1252), and the rest are made here byte for byte.
@Suite struct CSVSpreadsheetTests {
    static let environment = PackagePaths.sampleEnvironment

    /// Every record and diagnostic of `input`, read as CSV through the whole pipeline.
    static func load(_ input: InputSource, delimiter: UInt8? = nil) throws(ReaderError) -> (
        [LoadedRecord], [Diagnostic]
    ) {
        let store = DiagnosticStore()
        var pipeline = InputPipeline(format: "csv", environment: environment, diagnostics: store)
        pipeline.readerOptions = ReaderOptions(csvDelimiter: delimiter)
        let records = try pipeline.load([input])
        return (records, store.diagnostics)
    }

    static func utf16(_ text: String, bigEndian: Bool, bom: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let high = UInt8(unit >> 8)
            let low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    @Test(arguments: ["sources-utf8.csv", "sources-semicolon.csv", "sources-unicode-text.txt"])
    func excelFilesReadToTheSameSourcesAsTheSample(file: String) throws {
        let (expected, _) = try Self.load(.file(PackagePaths.sample("sources.csv")))
        let (records, diagnostics) = try Self.load(.file(PackagePaths.sample("excel/\(file)")))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.formatted))")
        #expect(records.count == 8)
        #expect(records.allSatisfy { $0.valid })
        #expect(records.map(\.record.source) == expected.map(\.record.source))
        // Lines count from the header; the byte order mark takes no column.
        #expect(
            records.first?.record.origin.location
                == SourceLocation(file: PackagePaths.sample("excel/\(file)"), line: 2, column: 1))
    }

    @Test func theDelimiterIsTheOneTheHeaderLineUses() throws {
        for (delimiter, name) in [(",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "pipe")] {
            // The other candidates appear in values, quoted or not, and must not sway it.
            let text =
                ["source", "source_type", "url", "require_token"].joined(separator: delimiter) + "\r\n"
                + ["web", "url", "\"https://x.example/a,b;c|d\"", "true"].joined(separator: delimiter) + "\r\n"
            let (records, diagnostics) = try Self.load(.bytes(name: "\(name).csv", Array(text.utf8)))
            #expect(records.map(\.valid) == [true], "\(name): \(diagnostics.map(\.formatted))")
            #expect(diagnostics.isEmpty, "\(name): \(diagnostics.map(\.formatted))")
            #expect(records.first?.record.source.credentials["url"] == "https://x.example/a,b;c|d", "\(name)")
            #expect(records.first?.record.source.credentials["require_token"] == "true", "\(name)")
        }
        // A delimiter inside a quoted header name does not count.
        let quoted = "\"Source; Name\",source_type,url\r\nweb,url,https://x.example/\r\n"
        let (records, _) = try Self.load(.bytes(name: "q.csv", Array(quoted.utf8)))
        #expect(records.first?.record.source.credentials["url"] == "https://x.example/")
    }

    @Test func aGivenDelimiterWinsAndAOneColumnHeaderGetsAHint() throws {
        let semicolons = "source;source_type;url\r\nweb;url;https://x.example/\r\n"
        #expect {
            try Self.load(.bytes(name: "s.csv", Array(semicolons.utf8)), delimiter: UInt8(ascii: ","))
        } throws: { error in
            let error = error as? ReaderError
            return error?.code == .parseError && error?.location?.line == 1
                && error?.message.contains("--delimiter ';'") == true
        }
        // Given, the delimiter is used even where the header would suggest another.
        let pipes = "source|source_type|url\r\nweb|url|https://x.example/\r\n"
        let (records, _) = try Self.load(.bytes(name: "p.csv", Array(pipes.utf8)), delimiter: UInt8(ascii: "|"))
        #expect(records.map(\.valid) == [true])
        // A tab-separated header quoted as a whole is one column: the hint says so.
        let wholeQuoted = "\"source\tsource_type\"\r\nweb\turl\r\n"
        #expect {
            try Self.load(.bytes(name: "w.csv", Array(wholeQuoted.utf8)))
        } throws: { error in
            (error as? ReaderError)?.message.contains("quotes") == true
        }
        // One column without another delimiter in it is only a one-column file.
        let (names, _) = try Self.load(.bytes(name: "n.csv", Array("name\r\nweb\r\n".utf8)))
        #expect(names.count == 1)
    }

    @Test(arguments: [false, true])
    func utf16WithAByteOrderMarkIsReadWithPositionsInCharacters(bigEndian: Bool) throws {
        // 'ñandú' is 5 characters (7 UTF-8 bytes, 10 UTF-16 bytes); the emoji is 1 character in 2 UTF-16 units.
        let text = "source\tsource_type\tbucket\turl\r\nñandú\ts3\t🪣x\t\r\nok\turl\t\thttps://x.example/\r\n"
        let (records, diagnostics) = try Self.load(.bytes(name: "u.txt", Self.utf16(text, bigEndian: bigEndian)))
        #expect(records.count == 2)
        #expect(records[0].record.source.credentials["bucket"] == "🪣x")
        #expect(records[0].record.locations["bucket"] == SourceLocation(file: "u.txt", line: 2, column: 10))
        #expect(records[1].valid)
        let invalidName = diagnostics.first { $0.code == .invalidName }
        #expect(invalidName?.location == SourceLocation(file: "u.txt", line: 2, column: 1))
    }

    @Test func aLongUTF16FileIsReadAcrossBufferRefills() throws {
        // More than the reader's buffer, with a character of each UTF-8 length on every row.
        var text = "source,source_type,url\r\n"
        for i in 1...20_000 { text += "s\(i),url,https://x.example/é€𝄞/\(i)\r\n" }
        let (records, diagnostics) = try Self.load(.bytes(name: "big.csv", Self.utf16(text, bigEndian: false)))
        #expect(diagnostics.isEmpty)
        #expect(records.count == 20_000)
        #expect(records.last?.record.source.credentials["url"] == "https://x.example/é€𝄞/20000")
        #expect(records.last?.record.origin.location.line == 20_001)
    }

    @Test func brokenUTF16IsAnErrorWithAPosition() {
        var bytes = Self.utf16("source,source_type\r\nweb,url\r\n", bigEndian: false)
        bytes += [0x00, 0xD8, 0x41, 0x00]  // a high surrogate, then 'A'
        #expect {
            try Self.load(.bytes(name: "b.csv", bytes))
        } throws: { error in
            let error = error as? ReaderError
            return error?.message.contains("UTF-16") == true && error?.location?.line == 3
        }
        #expect(throws: ReaderError.self) {
            try Self.load(.bytes(name: "odd.csv", Self.utf16("source\r\n", bigEndian: false) + [0x41]))
        }
    }

    @Test func whatIsNotUTF8IsNamedWithWhatToDo() throws {
        func refusal(_ bytes: [UInt8]) -> ReaderError? {
            do {
                _ = try Self.load(.bytes(name: "in.csv", bytes))
                return nil
            } catch {
                return error
            }
        }
        let noBOM = refusal(Self.utf16("source,source_type\r\nweb,url\r\n", bigEndian: false, bom: false))
        #expect(noBOM?.message.contains("UTF-16LE") == true)
        #expect(noBOM?.message.contains("iconv -f UTF-16LE -t UTF-8 'in.csv' > 'in.utf8.csv'") == true)
        let bigEndian = refusal(Self.utf16("source,source_type\r\nweb,url\r\n", bigEndian: true, bom: false))
        #expect(bigEndian?.message.contains("UTF-16BE") == true)
        let workbook = refusal(Array("PK\u{3}\u{4}".utf8) + [UInt8](repeating: 7, count: 100))
        #expect(workbook?.message.contains(".xlsx") == true)
        let binary = refusal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8))
        #expect(binary?.message.contains("binary") == true)
        #expect(refusal([0xFF, 0xFE, 0, 0, 0x41, 0, 0, 0])?.message.contains("UTF-32") == true)
        // A NUL later in the file, past the first look.
        var late = Array(
            ("source,source_type,url\n" + String(repeating: "web,url,https://x.example/\n", count: 400)).utf8)
        late += Array("x,url,a".utf8) + [0] + Array("b\n".utf8)
        let nul = refusal(late)
        #expect(nul?.code == .parseError)
        #expect(nul?.message.contains("NUL") == true)
        #expect(nul?.location?.line == 402)
    }

    @Test func windows1252IsRefusedWithTheIconvCommandThatThenWorks() throws {
        let path = PackagePaths.sample("excel/sources-windows-1252.csv")
        do {
            _ = try Self.load(.file(path))
            Issue.record("a Windows-1252 file was read")
        } catch {
            #expect(error.code == .parseError)
            #expect(error.location?.line == 2)
            #expect(error.message.contains("'ü' in Windows-1252"), "\(error.message)")
            #expect(error.message.contains("iconv -f WINDOWS-1252 -t UTF-8 '\(path)' >"), "\(error.message)")
        }
        // Doing what it says reads the file: the sources, and its one column no type uses.
        let converted = try TemporaryDirectory(prefix: "ibsources-readers").url.appendingPathComponent(
            "sources.utf8.csv"
        ).path
        let iconv = Process()
        iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        iconv.arguments = ["-f", "WINDOWS-1252", "-t", "UTF-8", path, "-o", converted]
        try iconv.run()
        iconv.waitUntilExit()
        #expect(iconv.terminationStatus == 0)
        let (records, diagnostics) = try Self.load(.file(converted))
        #expect(records.count == 8 && records.allSatisfy { $0.valid })
        #expect(diagnostics.map(\.code) == [.unknownField])
        #expect(diagnostics.first?.location == SourceLocation(file: converted, line: 1, column: 178))
        #expect(records.first?.record.source.name == "shop-images")
    }

    @Test func aForeignValueInAUTF8FileIsNotTakenForAWholeFileInAnotherEncoding() {
        let bytes =
            Array("source,source_type,bucket\r\ncafé,s3,b\r\nx,s3,".utf8) + [0x63, 0x61, 0x66, 0xE9] + [13, 10]
        #expect {
            try Self.load(.bytes(name: "m.csv", bytes))
        } throws: { error in
            let error = error as? ReaderError
            return error?.message.contains("pasted from another encoding") == true && error?.location?.line == 3
                && error?.location?.column == 6
        }
    }
}
