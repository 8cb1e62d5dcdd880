public import SourcesCore

/// What the import does with a record.
public enum PlanAction: String, Sendable, Equatable, CaseIterable, Codable {
    /// The name is not in the account: `POST` it.
    case create
    /// The name is in the account with other values: `PATCH` the changed fields.
    case update
    /// The account already matches the record: nothing is sent.
    case unchanged
    /// The record is left alone: it is invalid (with `--skip-invalid`), or it exists
    /// and `--no-update` was given, or a previous run already did it (`--resume`).
    case skip
    /// The source is in the account and must go: `DELETE` it (`restore --prune`, `delete`,
    /// `rollback` of a create). The record is the account's source.
    case delete
}

/// The plan for one input record.
public struct PlanItem: Sendable, Equatable {
    /// The input record.
    public var record: SourceRecord
    /// What to do.
    public var action: PlanAction
    /// The account's id for the name, when the name exists there.
    public var remoteID: String?
    /// For an update, the fields that change (values of secrets omitted).
    public var changes: [FieldChange]
    /// Secrets in the input that the account holds redacted, so they could not be
    /// compared, and that are not sent (no `--update-secrets`).
    public var notCompared: [String]
    /// The credentials to send: every attribute for a create, only the changed ones for an update.
    public var payload: Credentials
    /// Why the record is skipped or cannot be planned (one-line messages).
    public var problems: [String]
    /// For an update that renames the source: the account's current name (the record's
    /// name is the new one, and is sent). Matched by id, see ``Planner``.
    public var renamedFrom: String?

    /// Creates an item.
    public init(
        record: SourceRecord, action: PlanAction, remoteID: String? = nil, changes: [FieldChange] = [],
        notCompared: [String] = [], payload: Credentials = [:], problems: [String] = [], renamedFrom: String? = nil
    ) {
        self.record = record
        self.action = action
        self.remoteID = remoteID
        self.changes = changes
        self.notCompared = notCompared
        self.payload = payload
        self.problems = problems
        self.renamedFrom = renamedFrom
    }

    /// The source name.
    public var name: String { record.source.name }

    /// True when carrying out the item sends a write.
    public var isWrite: Bool { action == .create || action == .update || action == .delete }

    /// The source as it should be after a create: the record's name and type with ``payload``.
    public var intendedSource: Source {
        Source(name: record.source.name, type: record.source.type, credentials: payload)
    }

    /// The item's result: its name, input position and action, with `id` (the item's
    /// ``remoteID`` when nil) and the rest as given.
    func result(
        _ status: ResultStatus, id: String? = nil, attempts: Int = 0, httpStatus: Int? = nil, errors: [String] = [],
        fields: [String]? = nil, fingerprint: String? = nil
    ) -> RecordResult {
        RecordResult(
            source: name, file: record.origin.location.file, line: record.origin.location.line, action: action,
            status: status, id: id ?? remoteID, attempts: attempts, httpStatus: httpStatus, errors: errors,
            fields: fields, fingerprint: fingerprint)
    }
}
