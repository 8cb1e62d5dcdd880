import SourcesCore
import SourcesReaders

/// Reads every raw record of an input with one reader, collecting diagnostics.
func readAll(_ reader: any RecordReader, _ input: InputSource) throws(ReaderError) -> ([RawRecord], [Diagnostic]) {
    let store = DiagnosticStore()
    let iterator = try reader.records(from: input, diagnostics: store)
    var records: [RawRecord] = []
    while let record = try iterator.next() { records.append(record) }
    return (records, store.diagnostics)
}

/// Reads text in `format` through the whole pipeline (reader, normaliser, validator).
func loadText(_ text: String, format: String, environment: [String: String] = [:]) throws(ReaderError)
    -> ([LoadedRecord], [Diagnostic])
{
    let store = DiagnosticStore()
    let pipeline = InputPipeline(format: format, environment: environment, diagnostics: store)
    let records = try pipeline.load([.bytes(name: "in.\(format)", Array(text.utf8))])
    return (records, store.diagnostics)
}

extension RawRecord {
    /// The fields as a key → value dictionary (tests only).
    var dictionary: [String: String] {
        Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    }
}
