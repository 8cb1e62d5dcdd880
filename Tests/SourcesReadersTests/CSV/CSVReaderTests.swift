import Foundation
import SourcesCore
import SourcesReaders
import Testing
import TestSupport

@Suite struct CSVReaderTests {
    private func read(_ text: String) throws(ReaderError) -> ([RawRecord], [Diagnostic]) {
        try readAll(CSVReader(), .bytes(name: "t.csv", Array(text.utf8)))
    }

    @Test func keepsPositionsOfEveryField() throws {
        let (records, diagnostics) = try read("source,source_type,bucket\r\na,s3,\"multi\nline\"\r\nb,url,x\n")
        #expect(diagnostics.isEmpty)
        #expect(records.count == 2)
        #expect(
            records[0].origin
                == RecordOrigin(location: SourcesCore.SourceLocation(file: "t.csv", line: 2, column: 1), index: 1))
        #expect(records[0].fields.map(\.location.column) == [1, 3, 6])
        #expect(records[0].dictionary["bucket"] == "multi\nline")
        #expect(records[1].origin.location.line == 4)
        #expect(records[1].fields[2].location == SourcesCore.SourceLocation(file: "t.csv", line: 4, column: 7))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let (records, _) = try read("a,b,c\nñññ,é,x\n")
        #expect(records[0].fields.map(\.location.column) == [1, 5, 7])
    }

    @Test func skipsBOMAndBlankLinesAndLeavesEmptyCellsOut() throws {
        let (records, diagnostics) = try read("\u{FEFF}source,bucket,region\n\na,,r\n\n")
        #expect(diagnostics.isEmpty)
        #expect(records.count == 1)
        #expect(records[0].fields.map(\.key) == ["source", "region"])
        #expect(records[0].origin.location.line == 3)
    }

    @Test func handlesOldMacLineEnds() throws {
        let (records, _) = try read("a,b\r1,2\r3,4")
        #expect(records.map(\.dictionary) == [["a": "1", "b": "2"], ["a": "3", "b": "4"]])
        #expect(records[1].origin.location.line == 3)
    }

    @Test func tooManyCellsIsAnErrorForThatRow() throws {
        let (records, diagnostics) = try read("source,bucket\n1,2,3\n4,5\n")
        #expect(records.count == 2)
        #expect(diagnostics.map(\.code) == [.fieldCount])
        #expect(diagnostics[0].location == SourcesCore.SourceLocation(file: "t.csv", line: 2, column: 5))
        #expect(diagnostics[0].record == 1)
    }

    @Test func textAfterAClosingQuoteIsReported() throws {
        let (records, diagnostics) = try read("source,bucket\n\"x\"y,2\n")
        #expect(records[0].dictionary["source"] == "xy")
        #expect(diagnostics.map(\.code) == [.parseError])
    }

    @Test func anEmptyInputHasNoRecords() throws {
        #expect(try read("").0.isEmpty)
        #expect(try read("source,source_type\n").0.isEmpty)
    }

    // MARK: bad input: a diagnostic with a position, or a ReaderError, in well under a second

    private func within(_ limit: Duration = .seconds(1), _ body: () throws -> Void) rethrows {
        let elapsed = try ContinuousClock().measure(body)
        #expect(elapsed < limit, "took \(elapsed)")
    }

    @Test func unterminatedQuoteIsAnErrorWhereItOpens() {
        within {
            #expect {
                try read("source,url\nweb,\"https://example.com/\nnext,row\n")
            } throws: { error in
                let e = error as? ReaderError
                return e?.code == .parseError
                    && e?.location == SourcesCore.SourceLocation(file: "t.csv", line: 2, column: 5)
            }
        }
    }

    @Test func invalidUTF8AndNULStopTheReadingWhereTheyAre() {
        // Not UTF-8: the file is in another encoding, and the error says which it looks like.
        let latin = Array("source,bucket\n".utf8) + Array("a,".utf8) + [0xFF, 0xFE, 0x41] + [10] + Array("b,c\n".utf8)
        within {
            #expect {
                try readAll(CSVReader(), .bytes(name: "t.csv", latin))
            } throws: { error in
                let e = error as? ReaderError
                return e?.code == .parseError
                    && e?.location == SourcesCore.SourceLocation(file: "t.csv", line: 2, column: 3)
                    && e?.message.contains("UTF-8") == true && e?.message.contains("iconv") == true
            }
        }
        // A NUL byte: no text file has one.
        let nul = Array("source,bucket\nb,x".utf8) + [0] + Array("y\n".utf8)
        within {
            #expect {
                try readAll(CSVReader(), .bytes(name: "t.csv", nul))
            } throws: { error in
                let e = error as? ReaderError
                return e?.code == .parseError && e?.message.contains("NUL") == true
            }
        }
    }

    @Test func binaryGarbageIsRefusedAtTheHeader() {
        var generator = TestSeed.generator()
        var bytes = TestSeed.bytes(200_000, using: &generator)
        bytes[0] = 0xFF
        within {
            #expect(throws: ReaderError.self) { try readAll(CSVReader(), .bytes(name: "g.csv", bytes)) }
        }
    }

    @Test func aTenMegabyteCellIsRead() throws {
        let big = String(repeating: "x", count: 10 << 20)
        try within(.seconds(3)) {
            let (records, diagnostics) = try read("source,bucket\na,\"\(big)\"\nb,c\n")
            #expect(records.count == 2)
            #expect(records[0].dictionary["bucket"]?.utf8.count == 10 << 20)
            #expect(diagnostics.isEmpty)
        }
    }

    @Test func aQuoteLeftOpenOverAHugeFileStopsAtTheFieldLimit() {
        let huge = "source,bucket\na,\"" + String(repeating: "y,", count: 9 << 20)
        within(.seconds(3)) {
            #expect {
                try read(huge)
            } throws: { error in
                (error as? ReaderError)?.code == .limitExceeded
            }
        }
    }

    @Test func readsAFileAndReportsAMissingOne() throws {
        let dir = try TemporaryDirectory(prefix: "ibsources-readers").url
        let path = dir.appendingPathComponent("s.csv").path
        try "source,source_type,url\nweb,url,https://x.example/\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let (records, _) = try readAll(CSVReader(), .file(path))
        #expect(records.first?.origin.location.file == path)
        #expect {
            try readAll(CSVReader(), .file(dir.appendingPathComponent("missing.csv").path))
        } throws: { error in
            (error as? ReaderError)?.code == .unreadableInput
        }
    }
}
