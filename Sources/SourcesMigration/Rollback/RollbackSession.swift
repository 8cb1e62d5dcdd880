import Foundation
public import SourcesAPI
public import SourcesCore

/// A rollback ready to be carried out.
public struct PreparedRollback: Sendable {
    /// What the engine will carry out.
    public var prepared: PreparedImport
    /// The inverse plan and what it cannot undo.
    public var rollback: RollbackPlan

    /// The plan.
    public var plan: Plan { prepared.plan }
}

/// `rollback`: undoes a run from its report (or journal), and the runs it resumed, from the
/// backups they name, with the import engine: one listing, ``RollbackPlanner``, then
/// ``ImportSession/execute(_:)``, which writes the rollback's own backup and report, so a
/// rollback can itself be rolled back.
public final class RollbackSession: Sendable {
    /// The engine.
    public let session: ImportSession
    /// The run being undone, and the runs it resumed.
    public let chain: RunChain
    /// Secrets for sources to recreate, and earlier values of secrets the run changed (`--secrets`).
    public let secrets: [String: Credentials]

    /// The run being undone (the last of the chain).
    public var run: RunRecord { chain.last }

    /// Creates a session; `configuration.inputs` should name the report.
    public init(
        configuration: ImportConfiguration, chain: RunChain, secrets: [String: Credentials] = [:],
        service: any SourcesService, governor: RateGovernor, control: RunControl = RunControl(),
        progress: UploadProgress = UploadProgress()
    ) {
        self.chain = chain
        self.secrets = secrets
        self.session = ImportSession(
            configuration: configuration, service: service, governor: governor, control: control, progress: progress)
    }

    /// Reads `reportPath` (a report or a journal), the runs it resumed, and their backups.
    public static func load(reportPath: String) throws(RollbackInputError) -> RunChain {
        try RunChain.load(path: reportPath)
    }

    /// Lists the account once and plans the inverse of the run.
    public func prepare() async throws(ImportFailure) -> PreparedRollback {
        let (account, fetchedAt) = try await session.listAccount()
        let rollback = RollbackPlanner.plan(run: run, baseline: chain.baseline, account: account, secrets: secrets)
        return PreparedRollback(prepared: session.prepared(rollback.plan, fetchedAt: fetchedAt), rollback: rollback)
    }

    /// Carries the rollback out: backup of the account as it is, journal, writes, report.
    public func execute(_ prepared: PreparedRollback) async throws(ImportFailure) -> ImportOutcome {
        try await session.execute(prepared.prepared)
    }
}
