import Foundation
import SourcesCore
@testable import SourcesReaders
import Testing

/// The reading thread: order kept across batches, bounded read-ahead, a stop that
/// really stops it, and errors delivered after the records before them.
@Suite struct RecordFeedTests {
    /// A reader of `limit` generated records (nil: without end) that counts what was
    /// pulled from it, reports a warning on every 100th and fails at `failAt`.
    final class CountingReader: RecordReader, @unchecked Sendable {
        static let formatName = "counting"
        static let fileExtensions: [String] = []
        let limit: Int?
        let failAt: Int?
        private let lock = NSLock()
        private var pulledCount = 0

        init() { (limit, failAt) = (nil, nil) }
        init(limit: Int?, failAt: Int? = nil) { (self.limit, self.failAt) = (limit, failAt) }

        var pulled: Int { lock.withLock { pulledCount } }

        func records(from input: InputSource, diagnostics: any DiagnosticCollector) throws(ReaderError)
            -> any RawRecordIterator
        {
            Iterator(reader: self, diagnostics: diagnostics)
        }

        final class Iterator: RawRecordIterator {
            let reader: CountingReader
            let diagnostics: any DiagnosticCollector
            init(reader: CountingReader, diagnostics: any DiagnosticCollector) {
                (self.reader, self.diagnostics) = (reader, diagnostics)
            }

            func next() throws(ReaderError) -> RawRecord? {
                let n = reader.lock.withLock {
                    reader.pulledCount += 1
                    return reader.pulledCount
                }
                let at = SourcesCore.SourceLocation(file: "gen", line: n + 1, column: 1)
                if let failAt = reader.failAt, n == failAt { throw ReaderError(.parseError, "broken here", at: at) }
                if let limit = reader.limit, n > limit { return nil }
                if n % 100 == 0 {
                    diagnostics.emit(Diagnostic(.warning, .trimmedValue, "note \(n)", location: at, record: n))
                }
                return RawRecord(
                    fields: [
                        RawField(key: "source", value: "s-\(n)", location: at),
                        RawField(key: "source_type", value: "url", location: at),
                        RawField(key: "url", value: "https://x.example/\(n)", location: at),
                    ], origin: RecordOrigin(location: at, index: n))
            }
        }
    }

    /// Every record, in order, each with its own diagnostics, across many batches.
    @Test func recordsAndDiagnosticsArriveInOrderAcrossBatches() throws {
        let total = RecordFeed.batchSize * 5 + 17
        let feed = RecordFeed(input: .bytes(name: "gen", []), reader: CountingReader(limit: total))
        var indexes: [Int] = []
        var warnings: [Int] = []
        while let batch = try feed.nextBatch() {
            for item in batch.items {
                let record = try #require(item.raw)
                indexes.append(record.origin.index)
                for diagnostic in item.diagnostics {
                    #expect(diagnostic.record == record.origin.index)
                    warnings.append(record.origin.index)
                }
            }
        }
        #expect(indexes == Array(1...total))
        #expect(warnings == Array(stride(from: 100, through: total, by: 100)))
    }

    /// An endless input read by a pipeline that takes nothing: the reader stops after
    /// a bounded number of records instead of filling memory.
    @Test func theReaderRunsOnlyABoundedWayAhead() async throws {
        let reader = CountingReader(limit: nil)
        let feed = RecordFeed(input: .bytes(name: "gen", []), reader: reader)
        _ = try feed.nextBatch()
        try await Task.sleep(for: .milliseconds(200))
        let bound = (RecordFeed.capacity + 2) * RecordFeed.batchSize
        #expect(reader.pulled > RecordFeed.batchSize)
        #expect(reader.pulled <= bound)
        feed.cancel()
    }

    /// After cancel() the reading thread stops at its next hand-over.
    @Test func cancelStopsTheReadingThread() async throws {
        let reader = CountingReader(limit: nil)
        let feed = RecordFeed(input: .bytes(name: "gen", []), reader: reader)
        _ = try feed.nextBatch()
        feed.cancel()
        try await Task.sleep(for: .milliseconds(100))
        let stopped = reader.pulled
        // Taking more would let a still-running reader go on; it must not.
        _ = try? feed.nextBatch()
        try await Task.sleep(for: .milliseconds(100))
        #expect(reader.pulled == stopped)
    }

    /// The error that stops a reader comes after every record before it.
    @Test func anErrorArrivesAfterTheRecordsBeforeIt() throws {
        let failAt = RecordFeed.batchSize * 2 + 5
        let feed = RecordFeed(input: .bytes(name: "gen", []), reader: CountingReader(limit: nil, failAt: failAt))
        var count = 0
        let error = #expect(throws: ReaderError.self) {
            while let batch = try feed.nextBatch() { count += batch.items.count }
        }
        #expect(count == failAt - 1)
        #expect(error?.location?.line == failAt + 1)
    }

    /// Through the pipeline: the records' validity still follows their own diagnostics
    /// when an input spans many batches (an error in every 7th record).
    @Test func validityStaysWithItsRecordAcrossBatches() throws {
        var csv = "source,source_type,url\n"
        let total = RecordFeed.batchSize * 3 + 11
        for i in 1...total {
            csv += i % 7 == 0 ? "bad name \(i),url,https://x.example/\n" : "ok-\(i),url,https://x.example/\n"
        }
        let store = DiagnosticStore()
        let pipeline = InputPipeline(format: "csv", environment: [:], diagnostics: store)
        let records = try pipeline.load([.bytes(name: "many.csv", Array(csv.utf8))])
        #expect(records.count == total)
        #expect(records.map(\.valid) == (1...total).map { $0 % 7 != 0 })
        #expect(store.diagnostics.map(\.record) == (1...total).filter { $0 % 7 == 0 })
    }

    /// A CSV whose records all draw diagnostics from the normaliser (a trimmed value,
    /// a variable, an unset variable on every 5th row).
    static func noisyCSV(rows: Int) -> [UInt8] {
        var csv = "source,source_type,url,secret_token\n"
        for i in 1...rows {
            csv += "n-\(i),url, https://x.example/\(i) ,\(i % 5 == 0 ? "${UNSET_\(i)}" : "${TOKEN}")\n"
        }
        return Array(csv.utf8)
    }

    /// When the pipeline is behind, the reading thread normalises batches too; the
    /// records and diagnostics are exactly those of normalising everything in order.
    @Test func helpingAheadChangesNothingButWhoDoesTheWork() async throws {
        let rows = RecordFeed.batchSize * (RecordFeed.capacity + 4)
        let input = InputSource.bytes(name: "noisy.csv", Self.noisyCSV(rows: rows))
        let environment = ["TOKEN": "t0k"]

        // By hand, on one thread: reader, normaliser, validator.
        let expected = DiagnosticStore()
        let normaliser = Normaliser(environment: environment, diagnostics: expected)
        let validator = Validator(diagnostics: expected)
        var expectedRecords: [SourceRecord] = []
        let iterator = try CSVReader().records(from: input, diagnostics: expected)
        while let raw = try iterator.next() {
            let record = normaliser.normalise(raw)
            validator.validate(record)
            expectedRecords.append(record)
        }

        // The feed, with a pipeline that falls behind at first: later batches come normalised.
        let feed = RecordFeed(input: input, reader: CSVReader(), environment: environment)
        try await Task.sleep(for: .milliseconds(300))
        var helped = 0
        while let batch = try feed.nextBatch() { helped += batch.items.filter { $0.record != nil }.count }
        #expect(helped >= RecordFeed.batchSize)
        #expect(helped < rows)

        // The pipeline, slow on its first record so that the reader runs ahead.
        let store = DiagnosticStore()
        let pipeline = InputPipeline(format: "csv", environment: environment, diagnostics: store)
        var records: [SourceRecord] = []
        try pipeline.run([input]) { record, _ in
            if records.isEmpty { Thread.sleep(forTimeInterval: 0.3) }
            records.append(record)
        }
        #expect(records == expectedRecords)
        #expect(store.diagnostics == expected.diagnostics)
        #expect(store.diagnostics.count == rows + rows / 5)
    }
}
