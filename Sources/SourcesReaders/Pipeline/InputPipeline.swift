public import SourcesCore
import Foundation

/// The front of every command: read → normalise → validate, record by record in input order.
///
/// ```
/// InputSource ─(RecordReader)→ RawRecord ─(Normaliser)→ SourceRecord ─(Validator)→ SourceRecord + diagnostics
/// ```
/// Reading runs on a thread of its own, a bounded few batches ahead (``RecordFeed``);
/// the normaliser, the validator and `body` run on the caller's thread, a batch at a
/// time, in input order, so two cores share the work.
public struct InputPipeline {
    /// `--format`, or nil to choose by file extension.
    public var format: String?
    /// The user's reader settings (`--delimiter`).
    public var readerOptions = ReaderOptions()
    /// Where every stage's diagnostics go: the caller's collector, through a tracker that
    /// notes which records have errors.
    let tracker: ErrorTracker
    /// The normaliser stage (the reading thread, when it helps, uses one of its own made
    /// from the same environment: normalising keeps no state that changes the result).
    public let normaliser: Normaliser
    let environment: [String: String]
    /// The validator stage (one for all inputs, so names are checked across files; a
    /// constant, as it reports to the tracker).
    public let validator: Validator

    /// Creates a pipeline with the standard stages.
    ///
    /// - Parameter keepsVariableReferences: Keep each value that uses `${NAME}` as written
    ///   too (``Normaliser/keepsVariableReferences``), for `convert`.
    public init(
        format: String?, environment: [String: String], diagnostics: any DiagnosticCollector,
        keepsVariableReferences: Bool = false
    ) {
        let tracker = ErrorTracker(forwardingTo: diagnostics)
        self.format = format
        self.tracker = tracker
        self.normaliser = Normaliser(
            environment: environment, diagnostics: tracker, keepsVariableReferences: keepsVariableReferences)
        self.environment = environment
        self.validator = Validator(diagnostics: tracker)
    }

    /// Runs every input through the stages, calling `body` with each record and
    /// whether it passed validation.
    ///
    /// - Returns: How many records there were.
    /// - Throws: ``ReaderError`` when an input cannot be opened or parsed; the records
    ///   before that point have been passed to `body`.
    @discardableResult
    public func run(_ inputs: [InputSource], _ body: (SourceRecord, Bool) throws(ReaderError) -> Void)
        throws(ReaderError) -> Int
    {
        var count = 0
        try forEachBatch(inputs, plainRows: false) { batch, errorsBefore throws(ReaderError) in
            for index in batch.items.indices {
                if try pass(index, of: &batch, errorsBefore: &errorsBefore, to: body) { count += 1 }
            }
        }
        return count
    }

    /// Reads every input (through ``RecordFeed``, with its plain rows when `plainRows`) and
    /// hands each batch, normalised and screened (by the reading thread or here) and with
    /// its names' slots prepared, to `body` with the error count before its first item.
    func forEachBatch(
        _ inputs: [InputSource], plainRows: Bool,
        _ body: (inout RecordBatch, inout Int) throws(ReaderError) -> Void
    ) throws(ReaderError) {
        validator.reserveCapacity(inputs.reduce(0) { $0 + Self.estimatedRecords($1) })
        for input in inputs {
            let reader = try ReaderRegistry.reader(for: input, format: format, options: readerOptions)
            let feed = RecordFeed(
                input: input, reader: reader, environment: environment,
                keepsVariableReferences: normaliser.keepsVariableReferences, plainRows: plainRows)
            defer { feed.cancel() }
            var screen: RowScreen?
            var errorsBefore = tracker.errorCount
            while var batch = try feed.nextBatch() {
                // The reading thread may have done these already.
                batch.normalise(with: normaliser)
                if !batch.plain.isScreened {
                    if screen == nil { screen = RowScreen(columnKeys: batch.columnKeys) }
                    screen?.screen(&batch.plain)
                }
                var hashes = batch.nameHashes
                for case let verdict? in batch.plain.verdicts { hashes.append(verdict.hash) }
                validator.prepare(nameHashes: hashes)
                try body(&batch, &errorsBefore)
                feed.giveBack(batch)
            }
        }
    }

    /// Passes item `index` of `batch` on: the diagnostics its reader and the normaliser
    /// reported to the collector, then its record to the validator and to `body`.
    ///
    /// - Parameter errorsBefore: The error count before the item's diagnostics; updated.
    /// - Returns: false for an item without a record (diagnostics only).
    func pass(
        _ index: Int, of batch: inout RecordBatch, errorsBefore: inout Int,
        to body: (SourceRecord, Bool) throws(ReaderError) -> Void
    ) throws(ReaderError) -> Bool {
        for diagnostic in batch.items[index].diagnostics {
            // A reader that reports a field no type uses (a CSV header) does so once for the file.
            if diagnostic.code == .unknownField, let field = diagnostic.field, let file = diagnostic.location?.file {
                validator.noteUnknownField(field, file: file)
            }
            tracker.emit(diagnostic)
        }
        // Moved out and back in: nothing is copied.
        guard let record = batch.items[index].record.take() else {
            errorsBefore = tracker.errorCount
            return false
        }
        defer { batch.items[index].record = consume record }
        validator.validate(record, nameHash: batch.nameHashes[index])
        try body(record, settle(&errorsBefore))
        return true
    }

    /// Whether the record just passed on is valid: a record's errors are those its reader
    /// and the normaliser reported (kept with it) and those the validator reported, all
    /// since `errorsBefore`, which moves on to now.
    func settle(_ errorsBefore: inout Int) -> Bool {
        let errorsAfter = tracker.errorCount
        defer { errorsBefore = errorsAfter }
        return errorsAfter == errorsBefore
    }

    /// A rough, low record count for sizing the duplicate-name table (a source takes
    /// 64 bytes or more in most inputs); an input with more records grows it as usual.
    /// Overestimating costs memory: the table's buckets come in powers of two.
    static func estimatedRecords(_ input: InputSource) -> Int {
        switch input {
        case .file(let path):
            var info = stat()
            guard stat(path, &info) == 0 else { return 0 }
            return min(Int(info.st_size) / 64, 8_000_000)
        case .bytes(_, let bytes): return bytes.count / 64
        case .standardInput: return 0
        }
    }

    /// Reads every input into memory: the records (valid or not) in input order.
    ///
    /// Records with errors can be told apart with ``DiagnosticStore/recordsWithErrors()``,
    /// or by the `valid` flag of each ``LoadedRecord``. Each record's credentials are kept in
    /// storage of their own size (the normaliser makes room for every field of the input, and
    /// most are not credentials: about 16 MB over 100,000 records of an export).
    public func load(_ inputs: [InputSource]) throws(ReaderError) -> [LoadedRecord] {
        var records: [LoadedRecord] = []
        try run(inputs) { record, valid in
            var kept = record
            kept.source.credentials.shrinkToFit()
            records.append(LoadedRecord(record: kept, valid: valid))
        }
        return records
    }
}

/// A record and whether it passed validation.
public struct LoadedRecord: Sendable {
    /// The record.
    public var record: SourceRecord
    /// False when the validator reported an error for it.
    public var valid: Bool
}
