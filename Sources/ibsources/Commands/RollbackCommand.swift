import ArgumentParser
import Foundation
import SourcesAPI
import SourcesMigration

extension IBSources {
    /// `ibsources rollback`: undoes an import, restore, delete or rollback from its report.
    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo a finished or interrupted run (import, restore, delete, rollback) from its report.",
            discussion: """
                Reads the run's report (or its journal, after a crash) and the backup it names, lists the account \
                once, then: deletes the sources the run created (and, for a run that did not finish, sources \
                created while it was going that its journal never heard of), gives the sources it updated their \
                backed-up fields and name back, and recreates the sources it deleted (their provider secrets from \
                --secrets, else they are skipped). Secrets the run changed cannot be restored (the backup holds \
                them redacted): the plan lists them. The rollback writes its own backup and report, so it can be \
                rolled back too.

                Needs --yes, or a confirmation on a terminal.

                Exit status: 0 done; 1 some source failed; 2 nothing was sent (usage, unreadable report or \
                backup, another endpoint, not confirmed); 3 aborted; 130 interrupted.
                """)

        @Argument(help: "The report (.json) or journal (.journal.jsonl) of the run to undo.")
        var report: String

        @Option(help: "A YAML or JSON file of provider secrets for sources to recreate: {SOURCE_NAME: {FIELD: VALUE}}.")
        var secrets: String?

        @OptionGroup var write: WriteOptions
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            if let problem = write.usageProblem { throw commandFailure(problem, status: 2) }
            let environment = ProcessInfo.processInfo.environment
            let run: RunRecord
            let backup: Backup
            do { (run, backup) = try RollbackSession.load(reportPath: report) } catch {
                throw commandFailure("\(error)", status: 2)
            }
            let given = try OptionFiles.secrets(secrets, environment: environment)
            let api = try connection.configurationOrExit(environment: environment)
            guard api.displayEndpoint == APIConfiguration.withoutUserinfo(run.endpoint) else {
                throw commandFailure(
                    "the run talked to \(APIConfiguration.withoutUserinfo(run.endpoint)), not \(api.displayEndpoint); "
                        + "pass --endpoint \(APIConfiguration.withoutUserinfo(run.endpoint)) (and that account's key) "
                        + "to roll it back", status: 2)
            }
            let configuration = try write.configuration(
                endpoint: api.displayEndpoint, inputs: [report],
                alsoReads: [backup.path, secrets, connection.apiKeyFile])
            try await write.carryOut(on: api) { setup in
                let session = RollbackSession(
                    configuration: configuration, run: run,
                    backup: backup, secrets: given, service: setup.client, governor: setup.governor,
                    control: setup.control)
                return await carryOut(session, setup)
            }
        }

        private func carryOut(_ session: RollbackSession, _ setup: WriteRun) async -> Int32 {
            let runner = OperationRunner(
                verb: "Rollback", uploader: session.session.uploader, governor: setup.governor,
                interrupts: setup.interrupts, showProgress: write.showProgress)
            let prepared: PreparedRollback
            do { prepared = try await session.prepare() } catch { return runner.fail(error) }
            StandardStreams.out(RollbackPlanText.render(prepared, run: session.run))
            if write.dryRun || !prepared.plan.hasChanges { return 0 }
            let question = "Send \(prepared.plan.writeCount) write(s) to \(session.session.configuration.endpoint) "
                + "to undo run \(session.run.runID)?"
            guard runner.confirm(question, yes: write.yes) else {
                StandardStreams.err("Nothing was sent.\n")
                return 2
            }
            switch await runner.execute({ try await session.execute(prepared) }) {
            case .success(let outcome): return runner.finish(outcome)
            case .failure(let error): return runner.fail(error)
            }
        }
    }
}

/// The text of a rollback's plan: what cannot be undone first, then the engine's plan.
enum RollbackPlanText {
    static func render(_ prepared: PreparedRollback, run: RunRecord) -> String {
        var out = "Rolling back run \(run.runID) (\(run.outcome ?? "journal only: the run did not finish")).\n"
        let rollback = prepared.rollback
        if !rollback.rotatedSecrets.isEmpty {
            out += "Secrets the run changed cannot be restored (the backup holds them redacted); they stay as the run set them:\n"
            for entry in rollback.rotatedSecrets { out += "    \(entry.formatted)\n" }
        }
        if !rollback.missingSecrets.isEmpty {
            out += "Sources to recreate without their secrets (skipped; give them with --secrets):\n"
            for entry in rollback.missingSecrets { out += "    \(entry.formatted)\n" }
        }
        for note in rollback.notes { out += "Note: \(note)\n" }
        return out + PlanRenderer.text(prepared.plan)
    }
}
