public import SourcesCore

/// The planner stage: matches records to the account's sources by name and decides,
/// for each one, `create`, `update` (with a field-level diff) or `unchanged`.
///
/// It is pure: the same records, listing and options always give the same plan.
///
/// Secrets: the API redacts provider secrets (`****`), so a secret given for an
/// existing source cannot be compared; it is listed as not compared and only sent
/// with ``PlanOptions/updateSecrets``. A `****` in the input is never sent; on a
/// record that must be created it is an error, since the secret has to come from
/// somewhere (`${ENV}` in the file).
///
/// Renames: a record that carries an `id` (an export, a backup) is matched by that id
/// first. When the account holds that id under another name, the item is an update
/// that renames it (``PlanItem/renamedFrom``), unless another source holds the name.
public struct Planner: Sendable {
    /// The options.
    public var options: PlanOptions

    /// Creates a planner.
    public init(options: PlanOptions = PlanOptions()) {
        self.options = options
    }

    /// Plans `records` against the account's sources `remote`.
    ///
    /// Invalid records become `skip` items carrying their errors.
    public func plan(_ records: [CandidateRecord], remote: [Source]) -> Plan {
        let byName = remote.indexedByName()
        let byID = remote.indexedByID()
        var items: [PlanItem] = []
        items.reserveCapacity(records.count)
        var errors: [Diagnostic] = []
        for candidate in records {
            guard candidate.valid else {
                let problems = candidate.errors.isEmpty ? ["the record is invalid"] : candidate.errors
                items.append(PlanItem(record: candidate.record, action: .skip, problems: problems))
                continue
            }
            let source = candidate.record.source
            var existing = byName[source.name]
            var renamedFrom: String?
            if let id = source.id, let owner = byID[id], owner.name != source.name {
                if let taken = existing {
                    let message =
                        "source '\(source.name)' is '\(owner.name)' in the account (id \(id)); it cannot be "
                        + "renamed back because another source (id \(taken.id ?? "?")) is named '\(source.name)': "
                        + "rename or delete that one first, or drop the id from the record"
                    let diagnostic = Diagnostic.about(
                        candidate.record, field: "source", .error, .duplicateName, message)
                    items.append(PlanItem(record: candidate.record, action: .skip, remoteID: id, problems: [message]))
                    errors.append(diagnostic)
                    continue
                }
                existing = owner
                renamedFrom = owner.name
            }
            var (item, found) = plan(candidate.record, existing: existing)
            if let renamedFrom {
                item.renamedFrom = renamedFrom
                item.changes.insert(FieldChange(field: "source", from: renamedFrom, to: source.name), at: 0)
                if item.action == .unchanged {
                    item.action = options.noUpdate ? .skip : .update
                    if options.noUpdate {
                        item.problems = ["exists in the account with other values; left alone (--no-update)"]
                    }
                }
            }
            items.append(item)
            errors += found
        }
        return Plan(items: items, remote: remote, errors: errors)
    }

    /// The attributes of `source` worth sending: those its type uses (all, for an unknown type).
    static func sendable(_ source: Source) -> [(key: String, value: String)] {
        let known = source.sourceType?.knownAttributeList
        return source.credentials.filter { known?.contains($0.key) ?? true }
    }

    private func plan(_ record: SourceRecord, existing: Source?) -> (PlanItem, [Diagnostic]) {
        guard let existing else { return planCreate(record) }
        let source = record.source
        var errors: [Diagnostic] = []
        if existing.type != source.type {
            let message =
                "source '\(source.name)' is a \(existing.type) source in the account but \(source.type) here; "
                + "the API cannot change a source's type: delete it in the account first, or use another name"
            errors.append(.about(record, field: "source_type", .error, .typeChange, message))
        }
        var changes: [FieldChange] = []
        var notCompared: [String] = []
        var payload = Credentials()
        for (key, value) in Self.sendable(source) where !SecretAttributes.isRedacted(value) {
            let remoteValue = existing.credentials[key]
            let sensitive = SecretAttributes.sensitive.contains(key)
            if SecretAttributes.redactedByAPI.contains(key) || remoteValue.map(SecretAttributes.isRedacted) == true {
                if options.updateSecrets {
                    changes.append(FieldChange(field: key, from: nil, to: nil, isSecret: true, notCompared: true))
                    payload[key] = value
                } else {
                    notCompared.append(key)
                }
            } else if remoteValue != value {
                changes.append(FieldChange(field: key, from: remoteValue, to: value, isSecret: sensitive))
                payload[key] = value
            }
        }
        let problems = errors.map(\.message)
        if !errors.isEmpty {
            let item = PlanItem(
                record: record, action: .skip, remoteID: existing.id, changes: changes, notCompared: notCompared,
                problems: problems)
            return (item, errors)
        }
        if changes.isEmpty {
            return (PlanItem(record: record, action: .unchanged, remoteID: existing.id, notCompared: notCompared), [])
        }
        if options.noUpdate {
            let item = PlanItem(
                record: record, action: .skip, remoteID: existing.id, changes: changes, notCompared: notCompared,
                problems: ["exists in the account with other values; left alone (--no-update)"])
            return (item, [])
        }
        let item = PlanItem(
            record: record, action: .update, remoteID: existing.id, changes: changes, notCompared: notCompared,
            payload: payload)
        return (item, [])
    }

    private func planCreate(_ record: SourceRecord) -> (PlanItem, [Diagnostic]) {
        var payload = Credentials()
        var errors: [Diagnostic] = []
        for (key, value) in Self.sendable(record.source) {
            guard SecretAttributes.isRedacted(value) else {
                payload[key] = value
                continue
            }
            if SecretAttributes.redactedByAPI.contains(key) {
                let message =
                    "'\(key)' is the redacted placeholder '****', and '\(record.source.name)' is not in the "
                    + "account, so the secret must be given: write ${VARIABLE} and export it, or restore with a secrets file"
                errors.append(.about(record, field: key, .error, .redactedSecret, message))
            }
        }
        if !errors.isEmpty {
            return (PlanItem(record: record, action: .skip, problems: errors.map(\.message)), errors)
        }
        return (PlanItem(record: record, action: .create, payload: payload), [])
    }
}
