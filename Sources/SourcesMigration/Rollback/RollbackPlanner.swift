import Foundation
public import SourcesCore

/// The inverse of a run, ready for the engine, and what it cannot undo.
public struct RollbackPlan: Sendable {
    /// The plan: deletes of what the run created, then the backed-up versions of what it
    /// updated or deleted, planned by ``Planner`` against the account (renames back by id),
    /// then the sources it leaves alone (not the run's), as `skip` items.
    public var plan: Plan
    /// Sources to recreate whose provider secrets are still missing (skipped).
    public var missingSecrets: [MissingSecrets]
    /// Secrets the run changed, which the backup never had and `--secrets` did not give:
    /// they stay as the run set them.
    public var rotatedSecrets: [MissingSecrets]
    /// Anything else worth saying before the writes.
    public var notes: [String]
    /// What the rollback cannot put back as it was, each naming the source, the field and
    /// what to do: when any, the rollback is not exact and `rollback` exits 1.
    public var unresolved: [String]
}

/// Builds the inverse of a run from its results, the account before it and the account as
/// it is now. Pure.
///
/// Only what the run is proven to have created is deleted:
/// - a create its results record as `created`, by id, when the account's source of that
///   id still has the recorded name;
/// - a create it sent without learning the answer (a result that is not `created`, or an
///   intent line with no result: in flight when it died), when the account's source of
///   that name was not there before and holds every field the create sent
///   (``CreateFingerprint``), the same rule the uploader uses to settle a lost answer.
///
/// Any other source that was not there before is listed as "not ours, left alone",
/// whenever it was created. A source the run updated gets its earlier fields and name
/// back; a field the run added gets the value that behaves as its absence where there is
/// one (`require_token` → `false`), else it is ``RollbackPlan/unresolved``. A source it
/// deleted is recreated from the backup (secrets from `secrets`, else skipped).
public enum RollbackPlanner {
    /// The value that behaves as the absence of a field, for the fields that have one: the
    /// API only ever sets fields (no way to remove one is documented), so a field the run
    /// added is set to this instead.
    public static let neutralValues: [String: String] = ["require_token": "false"]

    /// Plans the rollback of `run` from one backup.
    public static func plan(
        run: RunRecord, backup: Backup, account: [Source], secrets: [String: Credentials] = [:]
    ) -> RollbackPlan {
        plan(run: run, baseline: RollbackBaseline(backup), account: account, secrets: secrets)
    }

    /// Plans the rollback of `run` (the last of a chain) against the account before it.
    public static func plan(
        run: RunRecord, baseline: RollbackBaseline, account: [Source], secrets: [String: Credentials] = [:]
    ) -> RollbackPlan {
        var state = RollbackState(run: run, baseline: baseline, account: account, secrets: secrets)
        for result in run.results where result.attempts > 0 || result.status == .created || result.status == .deleted {
            switch result.action {
            case .create where result.status == .created && result.id != nil:
                state.undoRecordedCreate(result)
            case .create, .unchanged, .skip:
                continue  // a create it never carried out; nothing it changed
            case .update:
                state.undoUpdate(result)
            case .delete:
                state.undoDelete(result)
            }
        }
        for intent in run.unsettledCreates { state.undoUnsettledCreate(intent) }
        state.leaveTheRestAlone()
        return state.finish()
    }
}
