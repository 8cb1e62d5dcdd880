import SourcesCore
import Testing

@testable import SourcesReaders

/// The CSV reader's plain rows: which rows it hands over as bytes, and that they
/// stand for the records the record path makes of them.
@Suite struct CSVPlainRowTests {
    /// Reads `text` row by row the way `ibsources validate` does: (plain or not, the record).
    static func steps(_ text: String) throws -> [(plain: Bool, record: RawRecord)] {
        let iterator = try #require(
            try CSVReader().records(from: .bytes(name: "p.csv", Array(text.utf8)), diagnostics: DiagnosticStore())
                as? any PlainRowIterator)
        var rows = PlainRows()
        var steps: [(Bool, RawRecord)] = []
        while let step = try iterator.nextRow(into: &rows, itemsBefore: 0) {
            switch step {
            case .plain:
                steps.append((true, rows.rawRecord(rows.count - 1, keys: iterator.columnKeys, file: iterator.file)))
            case .record(let raw): steps.append((false, raw))
            }
        }
        return steps
    }

    @Test func plainRowsBecomeTheRecordsTheRecordPathMakes() throws {
        let text = "source,type,,bucket\r\na,s3,x,b1\r\n\"q\",s3,,b2\nc,gcs\n\nd,s3,,caf\u{e9}\ne,s3,,b3"
        let steps = try Self.steps(text)
        let (expected, _) = try readAll(CSVReader(), .bytes(name: "p.csv", Array(text.utf8)))
        #expect(steps.map(\.record) == expected)
        // Quoted, not ASCII, and the last row (no line end): the record path.
        #expect(steps.map(\.plain) == [true, false, true, false, false])
        #expect(steps[0].record.fields.map(\.key) == ["source", "type", "bucket"])
        #expect(steps[0].record.fields[2].location == SourcesCore.SourceLocation(file: "p.csv", line: 2, column: 8))
        #expect(steps[2].record.origin == RecordOrigin(location: .init(file: "p.csv", line: 4, column: 1), index: 3))
    }

    @Test func rowsWithALoneCarriageReturnOrMoreCellsThanTheHeaderTakeTheRecordPath() throws {
        let steps = try Self.steps("source,type\na,s3,extra\nb,s3\rc,s3\n")
        #expect(steps.map(\.plain) == [false, false, true], "the row after the lone CR is plain again")
        let (expected, _) = try readAll(
            CSVReader(), .bytes(name: "p.csv", Array("source,type\na,s3,extra\nb,s3\rc,s3\n".utf8)))
        #expect(steps.map(\.record) == expected)
    }
}
