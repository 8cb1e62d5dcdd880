public import SourcesCore
import Foundation

/// The front of every command: read → normalise → validate, one record at a time.
///
/// ```
/// InputSource ─(RecordReader)→ RawRecord ─(Normaliser)→ SourceRecord ─(Validator)→ SourceRecord + diagnostics
/// ```
/// Each stage is a parameter, so tests can swap any of them.
public struct InputPipeline {
    /// `--format`, or nil to choose by file extension.
    public var format: String?
    /// Where diagnostics go (through a tracker that notes which records have errors).
    public var diagnostics: any DiagnosticCollector
    private let tracker: ErrorTracker
    /// The normaliser stage.
    public var normaliser: Normaliser
    /// The validator stage (one for all inputs, so names are checked across files).
    public var validator: Validator

    /// Creates a pipeline with the standard stages.
    public init(format: String?, environment: [String: String], diagnostics: any DiagnosticCollector) {
        let tracker = ErrorTracker(forwardingTo: diagnostics)
        self.format = format
        self.tracker = tracker
        self.diagnostics = tracker
        self.normaliser = Normaliser(environment: environment, diagnostics: tracker)
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
        validator.reserveCapacity(inputs.reduce(0) { $0 + Self.estimatedRecords($1) })
        for input in inputs {
            let reader = try ReaderRegistry.reader(for: input, format: format)
            let iterator = try reader.records(from: input, diagnostics: diagnostics)
            var errorsBefore = tracker.errorCount
            while let raw = try iterator.next() {
                let record = normaliser.normalise(raw)
                validator.validate(record)
                // Readers report a record's problems while yielding it, so every error
                // since the last record belongs to this one.
                let errorsAfter = tracker.errorCount
                let valid = errorsAfter == errorsBefore
                errorsBefore = errorsAfter
                count += 1
                try body(record, valid)
            }
        }
        return count
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
    /// or by the `valid` flag of each ``LoadedRecord``.
    public func load(_ inputs: [InputSource]) throws(ReaderError) -> [LoadedRecord] {
        var records: [LoadedRecord] = []
        try run(inputs) { record, valid in records.append(LoadedRecord(record: record, valid: valid)) }
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
