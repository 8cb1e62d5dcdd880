import SourcesCore
import Foundation

/// One step of a reader: a record (or nil, for diagnostics outside any record) with
/// the diagnostics reported while reading it, in their order. The pipeline adds the
/// normalised record and the normaliser's diagnostics.
struct ReadItem: Sendable {
    var diagnostics: [Diagnostic]
    var raw: RawRecord?
    var record: SourceRecord?
}

/// Items handed over together, in input order.
struct RecordBatch: Sendable {
    var items: [ReadItem] = []
    /// Rows handed over as bytes (only when the pipeline screens them), each placed
    /// among the items by its ``PlainRows/Row/itemsBefore``.
    var plain = PlainRows()
    /// For ``plain``: the keys of the rows' columns and the input's name.
    var columnKeys: [String] = []
    var file = ""
    /// ``Validator/nameHash(_:)`` of each item's record name (0 for an item without a
    /// record), worked out by ``normalise(with:)`` on whichever thread ran it.
    private(set) var nameHashes: [UInt64] = []
    /// True once ``normalise(with:)`` has run (on either thread).
    private(set) var normalised = false

    var isEmpty: Bool { items.isEmpty && plain.isEmpty }
    /// How many items and rows it holds.
    var count: Int { items.count + plain.count }

    /// Normalises the items, keeping the normaliser's diagnostics after the reader's
    /// (the raw records stay, to be freed with the batch), once.
    mutating func normalise(with normaliser: Normaliser) {
        guard !normalised else { return }
        nameHashes.reserveCapacity(items.count)
        for index in items.indices {
            guard let raw = items[index].raw.take() else {
                nameHashes.append(0)
                continue
            }
            let record = normaliser.normalise(raw, reportingTo: &items[index].diagnostics)
            nameHashes.append(Validator.nameHash(record.source.name))
            items[index].record = consume record
            items[index].raw = consume raw
        }
        normalised = true
    }
}

/// A bounded hand-over of ``ReadItem`` batches from the reading thread to the pipeline.
///
/// At most ``capacity`` batches wait at once, so a reader that runs ahead of the
/// normaliser and validator blocks instead of filling memory. Either side can end it:
/// the reader with ``finish(_:)``, the pipeline with ``cancel()``.
///
/// Batches the pipeline is done with come back (``giveBack(_:)``) and are freed on
/// the reading thread, where they were allocated: freeing memory that another thread
/// allocated makes the two threads fight over the allocator's lock.
// @unchecked Sendable: every stored var is read and written with `condition` held (a condition
// variable, since both sides wait on it, which `Locked` cannot do).
final class RecordBatchQueue: @unchecked Sendable {
    /// How the reading ended: cleanly, or with the error that stopped it.
    enum Ending: Sendable {
        case finished
        case failed(ReaderError)
    }

    private let condition = NSCondition()
    private var batches: [RecordBatch] = []
    private var spent: [RecordBatch] = []
    private var head = 0
    private var ending: Ending?
    private var cancelled = false
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Hands over one batch, waiting while the queue is full.
    ///
    /// - Returns: false when the pipeline has stopped listening (the reader should stop).
    func put(_ batch: RecordBatch) -> Bool {
        var done: [RecordBatch] = []
        condition.lock()
        while batches.count - head >= capacity, !cancelled { condition.wait() }
        let accepted = !cancelled
        if accepted {
            batches.append(batch)
            condition.broadcast()
        }
        swap(&done, &spent)
        condition.unlock()
        // `done` is freed here, on the reading thread.
        return accepted
    }

    /// Returns a batch the pipeline has finished with, to be freed by the reader.
    func giveBack(_ batch: RecordBatch) {
        condition.lock()
        spent.append(batch)
        condition.unlock()
    }

    /// Marks the end of the reading.
    func finish(_ how: Ending) {
        condition.lock()
        ending = how
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, waiting for one; nil with the ending once the reader is done
    /// and every batch has been taken (nil and nil after ``cancel()``).
    func take() -> (batch: RecordBatch?, ending: Ending?) {
        condition.lock()
        defer { condition.unlock() }
        while head == batches.count, ending == nil, !cancelled { condition.wait() }
        guard head < batches.count else { return (nil, ending) }
        let batch = batches[head]
        batches[head] = RecordBatch()
        head += 1
        if head == batches.count {
            batches.removeAll(keepingCapacity: true)
            head = 0
        }
        condition.broadcast()
        return (batch, nil)
    }

    /// How many batches wait to be taken.
    var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return batches.count - head
    }

    /// Tells the reader to stop at its next hand-over.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
