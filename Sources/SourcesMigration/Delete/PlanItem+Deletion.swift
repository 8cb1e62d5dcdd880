public import SourcesCore

extension PlanItem {
    /// A `delete` item for the account's `source` (which must carry its id).
    ///
    /// - Parameters:
    ///   - file: where the request to delete it came from (the names file, the export, the report),
    ///     for the report's `file` column.
    ///   - line: the line there, when there is one (0 otherwise).
    ///   - note: shown under the item in the plan.
    public static func deletion(of source: Source, file: String, line: Int = 0, note: String? = nil) -> PlanItem {
        PlanItem(
            record: SourceRecord(source: source.withoutSecrets, origin: origin(file, line)), action: .delete,
            remoteID: source.id, problems: note.map { [$0] } ?? [])
    }

    /// A `skip` item for `name`, which the account does not have (nothing to delete or undo).
    public static func absent(_ name: String, file: String, line: Int = 0, reason: String) -> PlanItem {
        PlanItem(
            record: SourceRecord(source: Source(name: name, type: ""), origin: origin(file, line)), action: .skip,
            problems: [reason])
    }

    /// A `skip` item for the account's `source`, which a rollback leaves alone (not the run's).
    public static func leftAlone(_ source: Source, file: String, reason: String) -> PlanItem {
        PlanItem(
            record: SourceRecord(source: source.withoutSecrets, origin: origin(file, 0)), action: .skip,
            remoteID: source.id, problems: [reason])
    }

    /// Where a request that names a source (not a record read from an input) came from.
    private static func origin(_ file: String, _ line: Int) -> RecordOrigin {
        RecordOrigin(location: SourceLocation(file: file, line: line, column: 1), index: max(0, line - 1))
    }
}

extension Source {
    /// The source without any sensitive value (kept in plan items that only need its name, type and id).
    var withoutSecrets: Source {
        var copy = self
        for key in copy.credentials.keys where SecretAttributes.sensitive.contains(key) { copy.credentials[key] = nil }
        return copy
    }
}
