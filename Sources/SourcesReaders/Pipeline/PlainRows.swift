import SourcesCore

/// Rows a tabular reader handed over as bytes instead of records (see
/// ``PlainRowIterator``): ASCII rows without quotes, each a run of cells, kept end to
/// end so that a batch of them costs a few arrays, not a record per row.
///
/// A pipeline that only needs to know whether records are valid screens them with a
/// ``RowScreen`` and turns only those it cannot settle into records (``rawRecord(_:keys:file:)``).
struct PlainRows: Sendable {
    /// One row: where its bytes and its cell bounds start, and where it came from.
    struct Row: Sendable {
        var bytes: Int32
        var bounds: Int32
        var cellCount: Int32
        /// How many of the batch's ``ReadItem``s come before this row (to keep input order).
        var itemsBefore: Int32
        var line: Int
        var index: Int
    }

    private(set) var rows: [Row] = []
    /// The rows' bytes, end to end.
    private(set) var bytes: [UInt8] = []
    /// Per row, its cells' start offsets in the row and one more (the row's length plus one).
    private(set) var bounds: [UInt32] = []
    /// After ``screen(with:)``: per row, the name's place in the row when the screen passed
    /// it, and ``Validator/nameHash(utf8:)`` of the name.
    private(set) var verdicts: [(name: Range<Int>, hash: UInt64)?] = []

    var count: Int { rows.count }
    var isEmpty: Bool { rows.isEmpty }
    var isScreened: Bool { verdicts.count == rows.count }

    /// Adds a row: `row` holds its bytes, `cellStarts` where each cell starts in it.
    mutating func append(
        _ row: UnsafeRawBufferPointer, cellStarts: UnsafeBufferPointer<UInt32>, line: Int, index: Int,
        itemsBefore: Int
    ) {
        rows.append(
            Row(
                bytes: Int32(bytes.count), bounds: Int32(bounds.count), cellCount: Int32(cellStarts.count),
                itemsBefore: Int32(itemsBefore), line: line, index: index))
        bytes.append(contentsOf: row)
        bounds.append(contentsOf: cellStarts)
        bounds.append(UInt32(row.count + 1))
    }

    /// Calls `body` with row `number`'s bytes and cell bounds.
    func withRow<Result>(
        _ number: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt32>) -> Result
    ) -> Result {
        let row = rows[number]
        let byteEnd = number + 1 < rows.count ? Int(rows[number + 1].bytes) : bytes.count
        let boundsEnd = Int(row.bounds) + Int(row.cellCount) + 1
        return bytes.withUnsafeBufferPointer { allBytes in
            bounds.withUnsafeBufferPointer { allBounds in
                body(
                    UnsafeBufferPointer(rebasing: allBytes[Int(row.bytes)..<byteEnd]),
                    UnsafeBufferPointer(rebasing: allBounds[Int(row.bounds)..<boundsEnd]))
            }
        }
    }

    /// Screens every row (once), keeping the verdicts.
    mutating func screen(with screen: inout RowScreen) {
        guard !isScreened else { return }
        verdicts.reserveCapacity(rows.count)
        for number in rows.indices {
            let verdict = withRow(number) { row, bounds -> (Range<Int>, UInt64)? in
                guard let name = screen.screen(row, bounds: bounds) else { return nil }
                return (name, Validator.nameHash(utf8: UnsafeBufferPointer(rebasing: row[name])))
            }
            verdicts.append(verdict)
        }
    }

    /// Row `number` as the record its reader would have made of it: the non-empty cells
    /// of columns with a key, each at its line and column.
    func rawRecord(_ number: Int, keys: [String], file: String) -> RawRecord {
        let row = rows[number]
        return withRow(number) { bytes, bounds in
            var fields: [RawField] = []
            for column in 0..<min(Int(row.cellCount), keys.count) {
                let start = Int(bounds[column])
                let end = Int(bounds[column + 1]) - 1
                guard start < end, !keys[column].isEmpty else { continue }
                fields.append(
                    RawField(
                        key: keys[column], value: String(decoding: bytes[start..<end], as: UTF8.self),
                        location: SourceLocation(file: file, line: row.line, column: start + 1)))
            }
            return RawRecord(
                fields: fields,
                origin: RecordOrigin(location: SourceLocation(file: file, line: row.line, column: 1), index: row.index))
        }
    }
}

extension RowScreen {
    /// Screens every row of `rows` (once), keeping the verdicts there.
    mutating func screen(_ rows: inout PlainRows) { rows.screen(with: &self) }
}
