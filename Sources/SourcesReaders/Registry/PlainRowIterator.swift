import SourcesCore

/// An iterator that can also hand over rows as plain bytes (the CSV reader's ASCII
/// rows), for a pipeline that only needs to know whether records are valid: it
/// screens them (``RowScreen``) instead of building a record per row.
protocol PlainRowIterator: RawRecordIterator {
    /// The keys of the rows' columns, in order, as written (a CSV header).
    var columnKeys: [String] { get }
    /// The input's display name, for the positions of the rows' fields.
    var file: String { get }

    /// Reads the next row: appends it to `rows` when it is plain, else returns it as
    /// the record ``next()`` would; nil at the end.
    ///
    /// - Parameter itemsBefore: How many records of the batch come before it (kept
    ///   with a plain row, so that the batch keeps input order).
    func nextRow(into rows: inout PlainRows, itemsBefore: Int) throws(ReaderError) -> PlainRowStep?
}

/// What ``PlainRowIterator/nextRow(into:itemsBefore:)`` read.
enum PlainRowStep {
    /// A row now at the end of the rows.
    case plain
    /// A row only the record path reads (quoted cells, say), as that record.
    case record(RawRecord)
}
