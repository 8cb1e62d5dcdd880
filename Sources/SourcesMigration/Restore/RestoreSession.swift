import Foundation
public import SourcesAPI
import SourcesCore

/// Why a restore stopped before sending anything.
public enum RestoreFailure: Error, Sendable, CustomStringConvertible {
    /// The import engine refused (invalid records, listing failed, backup or journal unwritable).
    case engine(ImportFailure)
    /// `--prune` may not run as planned (too many deletes, incomplete export).
    case pruneRefused(String)
    /// The prune's deletes were not confirmed (`--yes`, or the typed confirmation).
    case notConfirmed(deletes: Int)

    public var description: String {
        switch self {
        case .engine(let failure): "\(failure)"
        case .pruneRefused(let reason): "\(reason); nothing was sent"
        case .notConfirmed(let deletes):
            "--prune would delete \(deletes) source\(deletes == 1 ? "" : "s"); pass --yes to confirm "
                + "(or run it on a terminal and type the confirmation); nothing was sent"
        }
    }
}

/// A restore ready to be carried out.
public struct PreparedRestore: Sendable {
    /// The engine's plan (prune deletes included), resume applied.
    public var prepared: PreparedImport
    /// Sources that must be created but still lack provider secrets: skipped, listed up front.
    public var missingSecrets: [MissingSecrets]
    /// Names in the secrets file that the export does not have.
    public var unusedSecrets: [String]
    /// Why the prune may not run, when it may not.
    public var pruneProblem: String?
    /// Set once the user confirmed the prune's deletes (or from ``RestoreOptions/pruneConfirmed``).
    public var pruneConfirmed = false

    /// The plan.
    public var plan: Plan { prepared.plan }
    /// How many sources the plan deletes.
    public var deleteCount: Int { prepared.plan.count(.delete) }
}

/// What a restore did.
public struct RestoreOutcome: Sendable {
    /// The engine's outcome (report, backup, upload).
    public var outcome: ImportOutcome
    /// Sources whose `secret_token` the account did not keep: their signed URLs must be re-signed.
    public var tokensNotKept: [String]
}

/// `restore`: makes the account match an export with the import engine's stages.
///
/// The export's records (secrets from ``RestoreOptions/secrets`` applied) are planned by the
/// same ``Planner`` against one listing of the account: what is missing is created, what
/// differs is updated (renames back by id), the rest is left alone. `****` is never sent, so
/// an existing source keeps its remote secrets; a source to create without its secrets is
/// skipped and listed (``MissingSecrets``). With `--prune` the account's sources the export
/// does not have become `delete` items, guarded by `--max-delete`, confirmation, and a
/// complete export (every record valid, and as many as its `count` says).
/// ``ImportSession/execute(_:)`` then backs up, journals, uploads, reports.
public final class RestoreSession: Sendable {
    /// The engine (its configuration's `skipInvalid` is always set: a source skipped for its
    /// secrets is not a reason to stop; invalid records are checked with ``RestoreOptions/skipInvalid``).
    public let session: ImportSession
    /// The restore's options.
    public let options: RestoreOptions

    /// Creates a session.
    public init(
        configuration: ImportConfiguration, options: RestoreOptions, service: any SourcesService,
        governor: RateGovernor, control: RunControl = RunControl(), progress: UploadProgress = UploadProgress()
    ) {
        var engine = configuration
        engine.skipInvalid = true
        self.options = options
        self.session = ImportSession(
            configuration: engine, service: service, governor: governor, control: control, progress: progress)
    }

    /// Lists the account once and plans `records` (the export) against it.
    ///
    /// `records` are handed over: the secrets are written into them in place, and the plan's
    /// items are the only copy held once planning is over.
    public func prepare(_ records: consuming [CandidateRecord]) async throws(RestoreFailure) -> PreparedRestore {
        let invalid = records.lazy.filter { !$0.valid }.count
        let read = records.count
        if invalid > 0 && !options.skipInvalid { throw .engine(.invalidRecords(count: invalid)) }
        let (merged, unused) = SecretsApplier.apply(options.secrets, to: consume records)
        var prepared: PreparedImport
        do {
            prepared = try await session.prepare(merged)
        } catch {
            throw .engine(error)
        }
        let missing = SecretsApplier.markMissing(in: &prepared.plan)
        var problem: String?
        if options.prune {
            if let refused = options.pruneProblem(read: read, invalid: invalid) {
                problem = refused
            } else {
                let deletes = Self.pruneItems(
                    plan: prepared.plan, export: session.configuration.inputs.first ?? "export")
                if deletes.count > options.maxDelete {
                    problem =
                        "--prune would delete \(deletes.count) sources, more than --max-delete \(options.maxDelete); "
                        + "pass --max-delete \(deletes.count) if that is intended"
                }
                prepared.plan.items = deletes + prepared.plan.items
                prepared.carried = Dictionary(
                    uniqueKeysWithValues: prepared.carried.map { ($0.key + deletes.count, $0.value) })
            }
        }
        return PreparedRestore(
            prepared: prepared, missingSecrets: missing, unusedSecrets: unused, pruneProblem: problem)
    }

    /// The account's sources that no record of `plan` matches (by id or by name), as `delete` items.
    public static func pruneItems(plan: Plan, export: String) -> [PlanItem] {
        let names = Set(plan.items.map(\.name))
        let ids = Set(plan.items.compactMap(\.remoteID))
        return plan.remote.filter { source in
            guard let id = source.id else { return false }
            return !ids.contains(id) && !names.contains(source.name)
        }.map { PlanItem.deletion(of: $0, file: export, note: "not in the export (--prune)") }
    }

    /// Carries `prepared` out, then checks that the account kept each restored `secret_token`.
    public func execute(_ prepared: PreparedRestore) async throws(RestoreFailure) -> RestoreOutcome {
        if let problem = prepared.pruneProblem { throw .pruneRefused(problem) }
        if prepared.deleteCount > 0 && !(options.pruneConfirmed || prepared.pruneConfirmed) {
            throw .notConfirmed(deletes: prepared.deleteCount)
        }
        var outcome: ImportOutcome
        do {
            outcome = try await session.execute(prepared.prepared)
        } catch {
            throw .engine(error)
        }
        guard Self.expectsTokens(prepared.plan, outcome.report.results), session.uploader.control.maySend,
            let tokens = await accountTokens()
        else { return RestoreOutcome(outcome: outcome, tokensNotKept: []) }
        let notKept = Self.tokensNotKept(plan: prepared.plan, results: &outcome.report.results, tokens: tokens)
        if !notKept.isEmpty {
            do {
                try outcome.report.write(
                    to: outcome.reportPath, outputs: session.configuration.outputs.replacingOwnFiles)
            } catch {
                outcome.reportError = error
            }
        }
        return RestoreOutcome(outcome: outcome, tokensNotKept: notKept)
    }

    private static func expectsTokens(_ plan: Plan, _ results: [RecordResult]) -> Bool {
        zip(plan.items, results).contains { item, result in tokenSent(item, result) != nil }
    }

    /// The `secret_token` the restore gave the source of `item`, when `result` says it was created or updated.
    private static func tokenSent(_ item: PlanItem, _ result: RecordResult) -> String? {
        guard result.status == .created || result.status == .updated else { return nil }
        return item.record.source.credentials["secret_token"]
    }

    /// The account's `secret_token` of each source by id (empty when it has none), listed once
    /// more after the run; nil when the listing fails.
    ///
    /// The listing is as large as the restore (100,000 sources: about 100 MB decoded) and comes
    /// while the plan and the results are still held: of each source only its id and token are
    /// kept as the answer streams in (``TokenEntry``), so the account itself is never held.
    private func accountTokens() async -> [String: String]? {
        guard let entries = try? await session.uploader.fetchAccount(keeping: TokenEntry.init) else { return nil }
        return Self.tokens(entries)
    }

    /// The `secret_token` of each source of `account` that has an id, by id ("" for none).
    public static func tokens(of account: [Source]) -> [String: String] {
        tokens(account.compactMap(TokenEntry.init))
    }

    private static func tokens(_ entries: [TokenEntry]) -> [String: String] {
        var tokens: [String: String] = [:]
        tokens.reserveCapacity(entries.count)
        for entry in entries { tokens[entry.id] = entry.token }
        return tokens
    }

    /// Compares the `secret_token` each created or updated source was given with the account's
    /// (its tokens by id, ``tokens(of:)``); notes the difference in that source's result and
    /// returns the names.
    public static func tokensNotKept(plan: Plan, results: inout [RecordResult], tokens: [String: String]) -> [String] {
        var names: [String] = []
        for index in results.indices where index < plan.items.count {
            let result = results[index]
            guard let wanted = tokenSent(plan.items[index], result), !SecretAttributes.isRedacted(wanted),
                let id = result.id, let remote = tokens[id], remote != wanted
            else { continue }
            results[index].errors.append(
                "the account did not keep the export's secret_token (it shows another one): URLs signed before the "
                    + "restore fail for this source; re-sign them (ibsources sign-url)")
            names.append(result.source)
        }
        return names
    }
}

/// What the token check keeps of a listed source: its id and `secret_token` ("" for none).
struct TokenEntry: Sendable {
    let id: String
    let token: String

    /// Nil for a source without an id (nothing to compare it with).
    @Sendable init?(_ source: Source) {
        guard let id = source.id else { return nil }
        self.id = id
        self.token = source.credentials["secret_token"] ?? ""
    }
}
