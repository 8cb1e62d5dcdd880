/// The counts of a run's results, by status.
public struct RunSummary: Sendable, Equatable {
    public var total = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var skipped = 0
    public var failed = 0
    /// Sources deleted (restore --prune, delete, rollback).
    public var deleted = 0

    /// Counts `results`.
    public init(_ results: [RecordResult]) {
        for result in results { add(result.status) }
    }

    /// Counts one more result.
    public mutating func add(_ status: ResultStatus) {
        total += 1
        switch status {
        case .created: created += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        case .skipped: skipped += 1
        case .failed: failed += 1
        case .deleted: deleted += 1
        }
    }

    /// `{"total", "created", "updated", "unchanged", "skipped", "failed"}` on one line (and `"deleted"`
    /// last when a source was deleted).
    public var json: String {
        "{\"total\": \(total), \"created\": \(created), \"updated\": \(updated), \"unchanged\": \(unchanged), "
            + "\"skipped\": \(skipped), \"failed\": \(failed)" + (deleted > 0 ? ", \"deleted\": \(deleted)}" : "}")
    }

    /// `12 created, 3 updated, 80 unchanged, 0 skipped, 1 failed (96 records)`.
    public var text: String {
        "\(created) created, \(updated) updated, " + (deleted > 0 ? "\(deleted) deleted, " : "")
            + "\(unchanged) unchanged, \(skipped) skipped, \(failed) failed (\(total) record\(total == 1 ? "" : "s"))"
    }
}
