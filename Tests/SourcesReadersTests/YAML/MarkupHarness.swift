import Foundation
import SourcesCore
import SourcesReaders
import TestSupport
import Testing

/// Helpers shared by the YAML and XML reader tests.
enum MarkupHarness {
    /// What reading an input gave.
    struct Outcome {
        var records: [RawRecord] = []
        var diagnostics: [Diagnostic] = []
        var error: ReaderError?
        var elapsed: Duration = .zero
    }

    /// Reads every record of `input` with `reader`, collecting diagnostics and any error.
    static func read(_ reader: any RecordReader, _ input: InputSource) -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let store = DiagnosticStore()
        var outcome = Outcome()
        do throws(ReaderError) {
            let iterator = try reader.records(from: input, diagnostics: store)
            while let record = try iterator.next() { outcome.records.append(record) }
        } catch {
            outcome.error = error
        }
        outcome.diagnostics = store.diagnostics
        outcome.elapsed = clock.now - start
        return outcome
    }

    /// Reads `bytes` (named `name`) with `reader` and expects, well under a second, an
    /// error with `code`, a location in `name` (at `line` and `column` when given) and a
    /// message that says more than a word or two.
    static func expectError(
        _ reader: any RecordReader, name: String, _ bytes: [UInt8], _ code: DiagnosticCode, line: Int?, column: Int?,
        sourceLocation: Testing.SourceLocation
    ) {
        let out = read(reader, .bytes(name: name, bytes))
        #expect(out.elapsed < .seconds(1), sourceLocation: sourceLocation)
        guard let error = out.error else {
            Issue.record("no error; records: \(out.records.count)", sourceLocation: sourceLocation)
            return
        }
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.location?.file == name, "\(error)", sourceLocation: sourceLocation)
        if let line { #expect(error.location?.line == line, "\(error)", sourceLocation: sourceLocation) }
        if let column { #expect(error.location?.column == column, "\(error)", sourceLocation: sourceLocation) }
        #expect(error.message.count > 20, sourceLocation: sourceLocation)
    }

    /// Reads `text` as in-memory bytes named `name`.
    static func read(_ reader: any RecordReader, text: String, name: String = "in") -> Outcome {
        read(reader, .bytes(name: name, Array(text.utf8)))
    }

    /// `key=value` for each field of `record`, in order.
    static func pairs(_ record: RawRecord) -> [String] { record.fields.map { "\($0.key)=\($0.value)" } }

    /// `key@line:column` for each field of `record`, in order.
    static func positions(_ record: RawRecord) -> [String] {
        record.fields.map { "\($0.key)@\($0.location.line):\($0.location.column)" }
    }

    /// The first field of `record` named `key`.
    static func field(_ record: RawRecord?, _ key: String) -> RawField? {
        record?.fields.first { $0.key == key }
    }
}
