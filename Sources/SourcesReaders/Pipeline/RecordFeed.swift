import SourcesCore
import Foundation

/// Reads one input on a thread of its own, a few batches ahead of the pipeline, so
/// that parsing overlaps normalising and validating on a second core.
///
/// The records and the diagnostics arrive in exactly the order the reader produced
/// them, each record with the diagnostics reported while it was read, so the pipeline
/// sees what it would see calling the reader itself. At most ``capacity`` batches of
/// ``batchSize`` records wait at once: memory stays bounded however large the input.
/// The reader (and any C handle it holds) lives and dies on the reading thread, and
/// batches the pipeline gives back are freed there too.
///
/// When the pipeline falls behind (``helpAhead`` batches wait), the reading thread
/// also normalises the next batch itself, with a normaliser of its own: the two
/// threads then share the normalising, whichever side is the slower one.
final class RecordFeed {
    /// Records per hand-over: large enough to make the hand-over cost negligible.
    static let batchSize = 256
    /// Batches that may wait: how far the reader may run ahead.
    static let capacity = 8
    /// Waiting batches from which on the reading thread normalises too.
    static let helpAhead = 2

    private let queue: RecordBatchQueue

    /// Starts reading `input` with `reader`; with an `environment`, the reading thread
    /// normalises (with it) the batches it reads while the pipeline is behind.
    ///
    /// - Parameter plainRows: Hand over rows as bytes (``PlainRows``) where the reader
    ///   can (``PlainRowIterator``), for a pipeline that screens them; while the pipeline
    ///   is behind, the reading thread screens them too.
    init(
        input: InputSource, reader: any RecordReader, environment: [String: String]? = nil,
        keepsVariableReferences: Bool = false, plainRows: Bool = false
    ) {
        let queue = RecordBatchQueue(capacity: Self.capacity)
        self.queue = queue
        let thread = Thread {
            Self.read(
                input, with: reader, normalisingWith: environment, keepingReferences: keepsVariableReferences,
                plainRows: plainRows, into: queue)
        }
        // libyaml and libxml2 are iterative, but keep the main thread's stack size for the Swift side.
        thread.stackSize = 8 << 20
        thread.name = "ibsources-reader"
        thread.start()
    }

    deinit { queue.cancel() }

    /// The next batch; nil at the end.
    ///
    /// - Throws: The ``ReaderError`` that stopped the reader, after every batch before it.
    func nextBatch() throws(ReaderError) -> RecordBatch? {
        let (batch, ending) = queue.take()
        if let batch { return batch }
        if case .failed(let error) = ending { throw error }
        return nil
    }

    /// Returns a batch the pipeline is done with, so that the reading thread frees it.
    func giveBack(_ batch: RecordBatch) { queue.giveBack(batch) }

    /// Stops the reader at its next hand-over (the pipeline is not going to take more).
    func cancel() { queue.cancel() }

    /// The reading thread's whole job.
    private static func read(
        _ input: InputSource, with reader: any RecordReader, normalisingWith environment: [String: String]?,
        keepingReferences: Bool, plainRows: Bool, into queue: RecordBatchQueue
    ) {
        let collector = BufferingCollector()
        let normaliser = environment.map {
            Normaliser(environment: $0, diagnostics: collector, keepsVariableReferences: keepingReferences)
        }
        var screen: RowScreen?
        var batch = RecordBatch()
        func add(_ raw: RawRecord?) {
            batch.items.append(ReadItem(diagnostics: collector.drain(), raw: raw))
        }
        func handOver() -> Bool {
            guard !batch.isEmpty else { return true }
            if queue.waiting >= helpAhead {
                if let normaliser { batch.normalise(with: normaliser) }
                screen?.screen(&batch.plain)
            }
            let keys = batch.columnKeys
            let file = batch.file
            defer {
                batch = RecordBatch()
                batch.columnKeys = keys
                batch.file = file
                if screen == nil { batch.items.reserveCapacity(batchSize) }
            }
            return queue.put(batch)
        }
        let ending: RecordBatchQueue.Ending
        do {
            let iterator = try reader.records(from: input, diagnostics: collector)
            if collector.hasItems { add(nil) }
            if plainRows, let rows = iterator as? any PlainRowIterator,
                let rowScreen = RowScreen(columnKeys: rows.columnKeys)
            {
                screen = rowScreen
                batch.columnKeys = rows.columnKeys
                batch.file = rows.file
                while let step = try rows.nextRow(into: &batch.plain, itemsBefore: batch.items.count) {
                    if case .record(let raw) = step { add(raw) }
                    if batch.count >= batchSize, !handOver() { return }
                }
            }
            while let raw = try iterator.next() {
                add(raw)
                if batch.items.count >= batchSize, !handOver() { return }
            }
            ending = .finished
        } catch {
            ending = .failed(error)
        }
        // Diagnostics after the last record (or with the error) go last.
        if collector.hasItems { add(nil) }
        guard handOver() else { return }
        queue.finish(ending)
    }
}

/// Keeps a reader's diagnostics until they are handed over with the record they belong to.
/// Used by the reading thread only.
// @unchecked Sendable: only the reading thread that owns it ever touches it (no lock needed).
private final class BufferingCollector: DiagnosticCollector, @unchecked Sendable {
    private var items: [Diagnostic] = []

    func emit(_ diagnostic: Diagnostic) { items.append(diagnostic) }

    var hasItems: Bool { !items.isEmpty }

    /// The diagnostics so far, leaving none.
    func drain() -> [Diagnostic] {
        guard !items.isEmpty else { return [] }
        defer { items = [] }
        return items
    }
}
