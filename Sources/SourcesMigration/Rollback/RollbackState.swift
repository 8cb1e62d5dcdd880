import SourcesCore

/// The inverse plan while ``RollbackPlanner`` builds it: one step per result of the run,
/// then the account's other new sources, then ``finish()``.
struct RollbackState {
    let run: RunRecord
    let baseline: RollbackBaseline
    let account: [Source]
    let secrets: [String: Credentials]
    private let accountByID: [String: Source]
    private let accountByName: [String: Source]
    private var deletes: [PlanItem] = []
    private var skips: [PlanItem] = []
    private var restore: [CandidateRecord] = []
    /// Ids already given an item (deleted, restored, or named as a problem).
    private var handled: Set<String> = []
    private var deleting: Set<String> = []
    private var rotated: [MissingSecrets] = []
    private var notes: [String] = []
    private var unresolved: [String] = []
    /// Why a new source that is not the run's is left alone, when there is more to say.
    private var notOurs: [String: String] = [:]

    init(run: RunRecord, baseline: RollbackBaseline, account: [Source], secrets: [String: Credentials]) {
        self.run = run
        self.baseline = baseline
        self.account = account
        self.secrets = secrets
        accountByID = account.indexedByID()
        accountByName = account.indexedByName()
    }

    /// A create the run recorded as `created`: deleted by id when the account's source of
    /// that id still has the recorded name.
    mutating func undoRecordedCreate(_ result: RecordResult) {
        guard let id = result.id, !baseline.existedBefore.contains(id) else { return }
        guard let now = accountByID[id] else {
            skips.append(
                .absent(result.source, file: run.path, line: result.line, reason: "created by the run, already gone"))
            return
        }
        guard now.name == result.source else {
            handled.insert(id)
            unresolved.append(
                "\(now.name): created by the run as '\(result.source)' (id \(id)) and renamed since, so it is not deleted "
                    + "(the name no longer matches the run's record); if it should go, run `ibsources delete \(now.name)`"
            )
            skips.append(
                .leftAlone(now, file: run.path, reason: "created by the run as '\(result.source)', renamed since"))
            return
        }
        delete(now, note: nil)
    }

    /// A create the run sent without learning its outcome: deleted when the account's source
    /// of that name is new and holds every field the create sent.
    mutating func undoUnsettledCreate(_ intent: CreateIntent) {
        guard let found = accountByName[intent.source], let id = found.id, !handled.contains(id),
            !baseline.existedBefore.contains(id)
        else { return }
        if intent.createFingerprint.matches(found) {
            delete(
                found,
                note: "the run sent its create but never heard the answer (in flight when it stopped, or lost); the "
                    + "account has it with every field the run sent: the run's")
        } else {
            notOurs[id] =
                "the run tried to create a source of this name but never heard the answer, and this one has "
                + "other values: not ours, left alone"
        }
    }

    /// A source the run updated: its earlier fields and name back, a field the run added set
    /// to its neutral value (or named as unresolved), a secret the run sent from `secrets`.
    mutating func undoUpdate(_ result: RecordResult) {
        guard let id = result.id, let before = baseline.before[id] else { return }
        guard let now = accountByID[id] else {
            skips.append(
                .absent(
                    result.source, file: run.path, line: result.line,
                    reason: "updated by the run, then deleted from the account: not recreated"))
            return
        }
        var target = before
        for key in now.credentials.keys where before.credentials[key] == nil {
            if let neutral = RollbackPlanner.neutralValues[key] {
                target.credentials[key] = neutral
            } else if key == "secret_token" {
                notes.append(
                    "\(before.name): secret_token did not exist before the run; it stays, unused while "
                        + "require_token is not true")
            } else {
                unresolved.append(
                    "\(before.name): \(key) did not exist before the run, and no value sent can remove it (the API "
                        + "documents no way to remove a field); remove it in the ImageBoss dashboard, or delete the "
                        + "source and recreate it from the backup (`ibsources delete \(now.name)`, then `ibsources "
                        + "restore \(baseline.path) --secrets FILE`)")
            }
        }
        var missing: [String] = []
        for field in (result.fields ?? []) where SecretAttributes.redactedByAPI.contains(field) {
            if let value = given(field, for: before.name) {
                target.credentials[field] = value
            } else {
                missing.append(field)
            }
        }
        if !missing.isEmpty {
            rotated.append(MissingSecrets(source: before.name, fields: missing))
            unresolved.append(
                "\(before.name): the run changed \(missing.joined(separator: ", ")), which the backup holds redacted; "
                    + "give the earlier value\(missing.count == 1 ? "" : "s") in --secrets FILE and roll back again")
        }
        restoreFromBackup(target, line: result.line)
    }

    /// A source the run deleted: recreated from the backup, its secrets from `secrets`.
    mutating func undoDelete(_ result: RecordResult) {
        guard let id = result.id, let before = baseline.before[id], accountByID[id] == nil else { return }
        var target = before
        for (field, _) in secrets[before.name] ?? [:] {
            if let value = given(field, for: before.name) { target.credentials[field] = value }
        }
        restoreFromBackup(target, line: result.line)
    }

    /// Every other source that was not there before the run: listed, never touched.
    mutating func leaveTheRestAlone() {
        for source in account {
            guard let id = source.id, !baseline.existedBefore.contains(id), !handled.contains(id) else { continue }
            let reason =
                notOurs[id]
                ?? "not there before the run, and not recorded as created by it: not ours, left alone"
            skips.append(.leftAlone(source, file: run.path, reason: reason))
        }
    }

    /// The plan: the deletes, the restores planned against what remains, the skips.
    func finish() -> RollbackPlan {
        let remaining = account.filter { !deleting.contains($0.id ?? "") }
        // Secrets are sent only where a value was given (`****` never is): for a secret the run
        // changed, or a source to recreate.
        var planned = Planner(options: PlanOptions(updateSecrets: true)).plan(restore, remote: remaining)
        let missing = SecretsApplier.markMissing(in: &planned)
        let plan = Plan(items: deletes + planned.items + skips, remote: account, errors: planned.errors)
        return RollbackPlan(
            plan: plan, missingSecrets: missing, rotatedSecrets: rotated, notes: notes, unresolved: unresolved)
    }

    private mutating func delete(_ target: Source, note: String?) {
        guard let id = target.id, handled.insert(id).inserted else { return }
        deleting.insert(id)
        deletes.append(.deletion(of: target, file: run.path, note: note))
    }

    private mutating func restoreFromBackup(_ target: Source, line: Int) {
        guard let id = target.id, handled.insert(id).inserted else { return }
        let origin = RecordOrigin(location: SourceLocation(file: baseline.path, line: line, column: 1), index: line)
        restore.append(CandidateRecord(record: SourceRecord(source: target, origin: origin), valid: true))
    }

    /// The value `secrets` gives `field` of `name`, unless it is blank or the placeholder.
    private func given(_ field: String, for name: String) -> String? {
        guard let value = secrets[name]?[field], !SourceRules.isBlank(value), !SecretAttributes.isRedacted(value)
        else { return nil }
        return value
    }
}
