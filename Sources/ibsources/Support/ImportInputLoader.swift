import SourcesCore
import SourcesMigration
import SourcesReaders

/// Reads the inputs of `plan` and `import` into planner candidates, keeping the
/// diagnostics for printing.
struct ImportInputLoader {
    /// The records, each with its validity and its error messages.
    var records: [CandidateRecord] = []
    /// Every diagnostic, in order.
    var diagnostics: [Diagnostic] = []
    /// Set when an input could not be read or parsed to the end.
    var fatal: ReaderError?
    /// The inputs that hold no record (each also an `empty-input` error unless `allowEmpty`).
    var empty: [InputSource] = []

    /// Runs the input pipeline over `inputs`.
    ///
    /// - Parameter allowEmpty: `--allow-empty`: an input without records is not an error.
    init(
        inputs: [InputSource], format: String?, options: ReaderOptions = ReaderOptions(),
        environment: [String: String], allowEmpty: Bool = false
    ) {
        let store = DiagnosticStore()
        var pipeline = InputPipeline(format: format, environment: environment, diagnostics: store)
        pipeline.readerOptions = options
        var loaded: [LoadedRecord] = []
        do {
            loaded = try pipeline.load(inputs)
            if !allowEmpty {
                empty = EmptyInputCheck.empty(inputs, recordFiles: Set(loaded.map(\.record.origin.location.file)))
                for input in empty { store.emit(EmptyInputCheck.diagnostic(for: input)) }
            }
        } catch {
            fatal = error
            store.emit(error.diagnostic)
        }
        diagnostics = store.diagnostics
        var errorsByRecord: [RecordKey: [String]] = [:]
        for d in diagnostics where d.severity == .error {
            guard let index = d.record, let file = d.location?.file else { continue }
            errorsByRecord[RecordKey(file: file, index: index), default: []].append(d.formatted)
        }
        records = loaded.map { item in
            let key = RecordKey(file: item.record.origin.location.file, index: item.record.origin.index)
            return CandidateRecord(record: item.record, valid: item.valid, errors: errorsByRecord[key] ?? [])
        }
    }

    /// Prints the diagnostics and their summary line on standard error, if there are any.
    func printDiagnostics() {
        if !diagnostics.isEmpty { StandardStreams.err(DiagnosticPrinter.text(diagnostics)) }
    }

    /// Why the inputs cannot be used at all (exit 2): one could not be read, or one is empty.
    var inputProblem: String? {
        if let fatal { return fatal.message }
        return empty.isEmpty ? nil : EmptyInputCheck.message(empty)
    }

    /// How many records are invalid.
    var invalidCount: Int { records.lazy.filter { !$0.valid }.count }

    /// True when any diagnostic is an error.
    var hasErrors: Bool { fatal != nil || diagnostics.contains { $0.severity == .error } }
}
