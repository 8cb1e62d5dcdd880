public import SourcesCore

/// Reads CSV (RFC 4180): a header row naming the fields, then one source per row.
///
/// The delimiter is `,`, `;`, tab or `|`, whichever the header line uses most (Excel
/// writes `;` where the decimal mark is a comma, and tabs in "Unicode Text"), unless
/// `--delimiter` names one. Header names are kept as written (the normaliser matches
/// them); empty cells are absent values. A row with more cells than the header is an
/// error for that row.
public struct CSVReader: RecordReader {
    public static let formatName = "csv"
    public static let fileExtensions = ["csv", "tsv"]

    /// The delimiter; nil to take it from the header line.
    public var delimiter: UInt8?

    public init() {}

    public init(options: ReaderOptions) {
        delimiter = options.csvDelimiter
    }

    public func records(from input: InputSource, diagnostics: any DiagnosticCollector) throws(ReaderError)
        -> any RawRecordIterator
    {
        let tokenizer = try CSVTokenizer(ChunkedInput(input), delimiter: delimiter)
        return try CSVRecordIterator(tokenizer: tokenizer, diagnostics: diagnostics, delimiterGiven: delimiter != nil)
    }
}

/// Yields one ``RawRecord`` per data row of a CSV input.
final class CSVRecordIterator: PlainRowIterator {
    private let tokenizer: CSVTokenizer
    private let diagnostics: any DiagnosticCollector
    private var header: [String] = []
    private var index = 0

    init(tokenizer: CSVTokenizer, diagnostics: any DiagnosticCollector, delimiterGiven: Bool) throws(ReaderError) {
        self.tokenizer = tokenizer
        self.diagnostics = diagnostics
        guard try tokenizer.nextRow() else { return }
        if let (message, location) = tokenizer.problems.first {
            throw ReaderError(.parseError, "the header row: \(message); is this a CSV file?", at: location)
        }
        if tokenizer.fields.count == 1, let error = Self.singleColumn(tokenizer, delimiterGiven: delimiterGiven) {
            throw error
        }
        header = tokenizer.fields.map(\.value)
        for (i, field) in tokenizer.fields.enumerated() where field.value.isEmpty {
            diagnostics.emit(
                Diagnostic(
                    .warning, .emptyHeader, "column \(i + 1) has no name in the header row; its cells are ignored",
                    location: SourceLocation(file: tokenizer.file, line: field.line, column: field.column)))
        }
        // A column no type uses is reported here, once, with its place in the header;
        // the validator then leaves it out of every row's diagnostics.
        var reported: Set<String> = []
        for (i, field) in tokenizer.fields.enumerated() where !field.value.isEmpty {
            guard case .credential(let key) = FieldRole.resolve(field.value), !FieldRole.knownAttributes.contains(key),
                reported.insert(key).inserted
            else { continue }
            diagnostics.emit(
                Diagnostic(
                    .warning, .unknownField,
                    Validator.unknownFieldMessage("column \(i + 1), '\(field.value)',", key: key, values: "cells"),
                    location: SourceLocation(file: tokenizer.file, line: field.line, column: field.column), field: key))
        }
    }

    /// A header of one column that holds another delimiter than the one read with: the
    /// file is separated by that one (else every row would lack a name and a type).
    private static func singleColumn(_ tokenizer: CSVTokenizer, delimiterGiven: Bool) -> ReaderError? {
        let field = tokenizer.fields[0]
        guard
            let other = CSVTokenizer.candidateDelimiters.first(where: {
                $0 != tokenizer.delimiter && field.value.utf8.contains($0)
            })
        else { return nil }
        let shown = ReaderOptions.describe(delimiter: other)
        let flag = other == 9 ? "--delimiter tab" : "--delimiter '\(Character(Unicode.Scalar(other)))'"
        let why =
            field.quoted
            ? "the whole header is inside one pair of quotes; remove them (or read it with \(flag))"
            : delimiterGiven
                ? "it looks separated by \(shown), not \(ReaderOptions.describe(delimiter: tokenizer.delimiter)); "
                    + "read it with \(flag), or leave --delimiter out to take it from the header"
                : "read it with \(flag)"
        return ReaderError(
            .parseError,
            "the header row is a single column, '\(field.value)', that holds \(shown): \(why)",
            at: SourceLocation(file: tokenizer.file, line: field.line, column: field.column))
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
        let origin = RecordOrigin(
            location: SourceLocation(file: file, line: tokenizer.rowLine, column: 1), index: index)
        for (message, location) in tokenizer.problems {
            diagnostics.emit(Diagnostic(.error, .parseError, message, location: location, record: index))
        }
        let cells = tokenizer.fields
        var fields: [RawField] = []
        fields.reserveCapacity(cells.indices.reduce(0) { $0 + (cells[$1].value.isEmpty ? 0 : 1) })
        for i in cells.indices {
            guard i < header.count else {
                let delimiter =
                    tokenizer.delimiter == 44
                    ? "commas" : "the delimiter, " + ReaderOptions.describe(delimiter: tokenizer.delimiter)
                diagnostics.emit(
                    Diagnostic(
                        .error, .fieldCount,
                        "this row has \(cells.count) cells but the header names \(header.count); "
                            + "quote cells that contain \(delimiter)",
                        location: SourceLocation(file: file, line: cells[i].line, column: cells[i].column),
                        record: index))
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
