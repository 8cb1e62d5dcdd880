import Foundation
public import SourcesCore

/// The inverse of a run, ready for the engine, and what it cannot undo.
public struct RollbackPlan: Sendable {
    /// The plan: deletes of what the run created, then the backed-up versions of what it
    /// updated or deleted, planned by ``Planner`` against the account (renames back by id).
    public var plan: Plan
    /// Sources to recreate whose provider secrets are still missing (skipped).
    public var missingSecrets: [MissingSecrets]
    /// Secrets the run changed, which the backup never had: they stay as the run set them.
    public var rotatedSecrets: [MissingSecrets]
    /// Anything else worth saying before the writes (fields the API cannot remove…).
    public var notes: [String]
}

/// Builds the inverse of a run from its results, its backup and the account as it is now. Pure.
///
/// - A create the run made (or may have made: an outcome it never learned) is deleted,
///   when the account still has it and the backup does not.
/// - A source the run updated gets its backed-up fields and name back; a source it
///   deleted is recreated from the backup (secrets from `secrets`, else skipped).
/// - A run that did not complete may have had creates in flight that its journal never
///   heard of: sources absent from the backup, created after it was taken and before the
///   run's file was last written (plus ``inFlightGrace``), are deleted too, with a note.
public enum RollbackPlanner {
    /// How long after the journal's last write a request in flight may have landed.
    public static let inFlightGrace: TimeInterval = 30

    /// Plans the rollback of `run`.
    public static func plan(
        run: RunRecord, backup: Backup, account: [Source], secrets: [String: Credentials] = [:]
    ) -> RollbackPlan {
        let accountByID = account.indexedByID()
        let accountByName = account.indexedByName()
        let backupByID = backup.sources.indexedByID()
        var deletes: [PlanItem] = []
        var skips: [PlanItem] = []
        var restore: [CandidateRecord] = []
        var deleting: Set<String> = []
        var restoring: Set<String> = []
        var rotated: [MissingSecrets] = []
        var notes: [String] = []

        func delete(_ target: Source, note: String?) {
            guard let id = target.id, backupByID[id] == nil, deleting.insert(id).inserted else { return }
            deletes.append(.deletion(of: target, file: run.path, note: note))
        }
        func restoreFromBackup(_ before: Source, line: Int) {
            guard let id = before.id, restoring.insert(id).inserted else { return }
            let origin = RecordOrigin(location: SourceLocation(file: backup.path, line: line, column: 1), index: line)
            restore.append(CandidateRecord(record: SourceRecord(source: before, origin: origin), valid: true))
        }

        for result in run.results where result.attempts > 0 || result.status == .created || result.status == .deleted {
            switch result.action {
            case PlanAction.create.rawValue:
                var target = result.id.flatMap { accountByID[$0] }
                if target == nil, result.status != .created, let named = accountByName[result.source],
                    let id = named.id, backupByID[id] == nil
                {
                    target = named
                }
                if let target {
                    delete(target, note: result.status == .created ? nil
                        : "the run's create ended \(result.status.rawValue), but the source is in the account")
                } else if result.status == .created {
                    skips.append(.absent(result.source, file: run.path, reason: "created by the run, already gone"))
                }
            case PlanAction.update.rawValue:
                guard let id = result.id, let before = backupByID[id] else { continue }
                guard let now = accountByID[id] else {
                    skips.append(
                        .absent(
                            result.source, file: run.path,
                            reason: "updated by the run, then deleted from the account: not recreated"))
                    continue
                }
                restoreFromBackup(before, line: result.line)
                let secretFields = (result.fields ?? []).filter { SecretAttributes.redactedByAPI.contains($0) }
                if !secretFields.isEmpty { rotated.append(MissingSecrets(source: before.name, fields: secretFields)) }
                let added = now.credentials.keys.filter { before.credentials[$0] == nil }
                if !added.isEmpty {
                    notes.append(
                        "\(before.name): \(added.joined(separator: ", ")) did not exist before the run; the API cannot "
                            + "remove a field, so \(added.count == 1 ? "it stays" : "they stay")")
                }
            case PlanAction.delete.rawValue:
                guard let id = result.id, let before = backupByID[id] else { continue }
                if accountByID[id] != nil { continue }  // the delete did not happen
                restoreFromBackup(before, line: result.line)
            default:
                continue
            }
        }
        if !run.isComplete, let taken = backup.exportedAt {
            let latest = Timestamp.iso8601(run.modifiedAt.addingTimeInterval(inFlightGrace))
            for source in account {
                guard let id = source.id, backupByID[id] == nil, !deleting.contains(id),
                    let created = source.createdAt, created >= taken, created <= latest
                else { continue }
                delete(
                    source,
                    note: "not in the run's results, but created while the run was going (a request in flight "
                        + "when it stopped)")
            }
        }
        let (merged, _) = SecretsApplier.apply(secrets, to: restore)
        let remaining = account.filter { !deleting.contains($0.id ?? "") }
        var planned = Planner().plan(merged, remote: remaining)
        let missing = SecretsApplier.markMissing(in: &planned)
        let plan = Plan(items: deletes + planned.items + skips, remote: account, errors: planned.errors)
        return RollbackPlan(plan: plan, missingSecrets: missing, rotatedSecrets: rotated, notes: notes)
    }
}
