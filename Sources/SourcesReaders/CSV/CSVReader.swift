public import SourcesCore

/// Reads CSV (RFC 4180): a header row naming the fields, then one source per row.
///
/// Header names are kept as written (the normaliser matches them); empty cells are
/// absent values. A row with more cells than the header is an error for that row.
public struct CSVReader: RecordReader {
    public static let formatName = "csv"
    public static let fileExtensions = ["csv"]

    public init() {}

    public func records(from input: InputSource, diagnostics: any DiagnosticCollector) throws(ReaderError)
        -> any RawRecordIterator
    {
        let tokenizer = try CSVTokenizer(ChunkedInput(input))
        return try CSVRecordIterator(tokenizer: tokenizer, diagnostics: diagnostics)
    }
}

/// Yields one ``RawRecord`` per data row of a CSV input.
final class CSVRecordIterator: PlainRowIterator {
    private let tokenizer: CSVTokenizer
    private let diagnostics: any DiagnosticCollector
    private var header: [String] = []
    private var index = 0

    init(tokenizer: CSVTokenizer, diagnostics: any DiagnosticCollector) throws(ReaderError) {
        self.tokenizer = tokenizer
        self.diagnostics = diagnostics
        guard try tokenizer.nextRow() else { return }
        if let (message, location) = tokenizer.problems.first {
            throw ReaderError(.parseError, "the header row: \(message); is this a CSV file?", at: location)
        }
        header = tokenizer.fields.map(\.value)
        for (i, field) in tokenizer.fields.enumerated() where field.value.isEmpty {
            diagnostics.emit(
                Diagnostic(
                    .warning, .emptyHeader, "column \(i + 1) has no name in the header row; its cells are ignored",
                    location: SourceLocation(file: tokenizer.file, line: field.line, column: field.column)))
        }
    }

    var columnKeys: [String] { header }
    var file: String { tokenizer.file }

    func nextRow(into rows: inout PlainRows, itemsBefore: Int) throws(ReaderError) -> PlainRowStep? {
        guard !header.isEmpty else { return nil }
        if try tokenizer.plainRow(maxCells: header.count, into: &rows, index: index + 1, itemsBefore: itemsBefore) {
            index += 1
            return .plain
        }
        return try next().map(PlainRowStep.record)
    }

    func next() throws(ReaderError) -> RawRecord? {
        guard !header.isEmpty, try tokenizer.nextRow() else { return nil }
        index += 1
        let file = tokenizer.file
        let origin = RecordOrigin(location: SourceLocation(file: file, line: tokenizer.rowLine, column: 1), index: index)
        for (message, location) in tokenizer.problems {
            diagnostics.emit(Diagnostic(.error, .parseError, message, location: location, record: index))
        }
        let cells = tokenizer.fields
        var fields: [RawField] = []
        fields.reserveCapacity(cells.indices.reduce(0) { $0 + (cells[$1].value.isEmpty ? 0 : 1) })
        for i in cells.indices {
            guard i < header.count else {
                diagnostics.emit(
                    Diagnostic(
                        .error, .fieldCount,
                        "this row has \(cells.count) cells but the header names \(header.count); "
                            + "quote cells that contain commas",
                        location: SourceLocation(file: file, line: cells[i].line, column: cells[i].column), record: index))
                break
            }
            guard !cells[i].value.isEmpty, !header[i].isEmpty else { continue }
            fields.append(
                RawField(
                    key: header[i], value: cells[i].value,
                    location: SourceLocation(file: file, line: cells[i].line, column: cells[i].column)))
        }
        return RawRecord(fields: fields, origin: origin)
    }
}
