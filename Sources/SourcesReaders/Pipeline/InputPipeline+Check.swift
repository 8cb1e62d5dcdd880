public import SourcesCore

/// How many records a check read, and how many of them passed.
public struct RecordTally: Sendable, Equatable {
    /// Records read.
    public var records = 0
    /// Records without an error.
    public var valid = 0

    /// No records yet.
    public init() {}
}

extension InputPipeline {
    /// Validates every input as ``run(_:_:)`` does (the same diagnostics, in the same
    /// order), for a caller that needs only the verdict, not the records
    /// (`ibsources validate`): plain rows (``PlainRows``) that a ``RowScreen`` passes,
    /// and whose names are new, count as valid without a record being built; every
    /// other record takes the full path.
    ///
    /// - Parameter tally: Counts the records and the valid ones (so far, when it throws).
    /// - Throws: ``ReaderError`` when an input cannot be opened or parsed.
    public func check(_ inputs: [InputSource], tally: inout RecordTally) throws(ReaderError) {
        try forEachBatch(inputs, plainRows: true) { batch, errorsBefore throws(ReaderError) in
            // Items and rows in input order: each row knows how many items come before it.
            var item = 0
            func passItems(upTo end: Int) throws(ReaderError) {
                while item < end {
                    if try pass(
                        item, of: &batch, errorsBefore: &errorsBefore,
                        to: { _, valid in
                            if valid { tally.valid += 1 }
                        })
                    {
                        tally.records += 1
                    }
                    item += 1
                }
            }
            for row in batch.plain.rows.indices {
                try passItems(upTo: Int(batch.plain.rows[row].itemsBefore))
                tally.records += 1
                if checkRow(row, of: batch, errorsBefore: &errorsBefore) { tally.valid += 1 }
            }
            try passItems(upTo: batch.items.count)
        }
    }

    /// Checks plain row `row` of `batch`: at once when the screen passed it (its only
    /// possible problem is then a name used before, reported as the full path would),
    /// else by normalising and validating the record it stands for.
    ///
    /// - Returns: true when it is valid.
    private func checkRow(_ row: Int, of batch: RecordBatch, errorsBefore: inout Int) -> Bool {
        let rows = batch.plain
        if let verdict = rows.verdicts[row] {
            let location = SourceLocation(
                file: batch.file, line: rows.rows[row].line, column: verdict.name.lowerBound + 1)
            let claimed = rows.withRow(row) { bytes, _ in
                validator.claimOrReport(
                    name: UnsafeBufferPointer(rebasing: bytes[verdict.name]), hash: verdict.hash, at: location,
                    record: rows.rows[row].index)
            }
            if !claimed { errorsBefore = tracker.errorCount }
            return claimed
        }
        let record = normaliser.normalise(rows.rawRecord(row, keys: batch.columnKeys, file: batch.file))
        validator.validate(record)
        return settle(&errorsBefore)
    }
}
