import ArgumentParser
import Foundation
import SourcesAPI
import SourcesMigration
import SourcesHTTP

extension IBSources {
    /// `ibsources rollback`: undoes an import, restore, delete or rollback from its report.
    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo a finished or interrupted run (import, restore, delete, rollback) from its report.",
            discussion: """
                Reads the run's report (or its journal, after a crash), the runs it resumed, and the backups they \
                name, lists the account once, then: deletes the sources the run recorded as created (by id, the \
                name as a cross-check, and creates whose answer it never heard when the account's source of that \
                name holds every field it sent), gives the sources it updated their backed-up fields and name \
                back (a require_token it added becomes false), and recreates the sources it deleted (their \
                provider secrets from --secrets, else they are skipped). Every other new source is listed as not \
                ours and left alone. The rollback writes its own backup and report, so it can be rolled back too.

                Needs --yes, or a confirmation on a terminal.

                Exit status: 0 done, exactly; 1 some source failed, or something could not be put back as it was \
                (listed, with what to do); 2 nothing was sent (usage, unreadable report or backup, another \
                endpoint, not confirmed); 3 aborted; 130 interrupted.
                """)

        @Argument(help: "The report (.json) or journal (.journal.jsonl) of the run to undo.")
        var report: String

        @Option(help: "A YAML or JSON file of provider secrets for sources to recreate: {SOURCE_NAME: {FIELD: VALUE}}.")
        var secrets: String?

        @OptionGroup var write: WriteOptions
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let chain: RunChain
            do { chain = try RollbackSession.load(reportPath: report) } catch {
                throw commandFailure("\(error)", status: .nothingDone)
            }
            let given = try OptionFiles.secrets(secrets, environment: environment)
            let api = try connection.configurationOrExit(environment: environment)
            for earlier in chain.runs where api.displayEndpoint != EndpointText.withoutUserinfo(earlier.endpoint) {
                let theirs = EndpointText.withoutUserinfo(earlier.endpoint)
                throw commandFailure(
                    "the run \(earlier.path) talked to \(theirs), not \(api.displayEndpoint); pass "
                        + "--endpoint \(theirs) (and that account's key) to roll it back", status: .nothingDone)
            }
            let configuration = try write.configuration(
                endpoint: api.displayEndpoint, inputs: [report] + chain.runs.dropLast().map(\.path),
                alsoReads: chain.runs.map(\.resolvedBackupPath) + [secrets, connection.apiKeyFile])
            try await write.carryOut(on: api, command: "rollback") { setup in
                let session = RollbackSession(
                    configuration: configuration, chain: chain,
                    secrets: given, service: setup.client, governor: setup.governor, control: setup.control)
                return await carryOut(session, setup)
            }
        }

        private func carryOut(_ session: RollbackSession, _ setup: WriteRun) async -> Int32 {
            let runner = OperationRunner(
                verb: "Rollback", uploader: session.session.uploader, governor: setup.governor,
                interrupts: setup.interrupts, progress: write.progress, output: setup.output)
            let prepared: PreparedRollback
            do { prepared = try await session.prepare() } catch { return runner.fail(error) }
            setup.output.plan(RollbackPlanText.render(prepared, chain: session.chain))
            let unresolved = prepared.rollback.unresolved
            if write.dryRun || !prepared.plan.hasChanges {
                let status = runner.stop(before: prepared.plan, dryRun: write.dryRun)
                guard !write.dryRun, !unresolved.isEmpty else { return status }
                return status == ExitStatus.success.rawValue ? RollbackPlanText.notExact(unresolved) : status
            }
            let question =
                "Send \(prepared.plan.writeCount) write(s) to \(session.session.configuration.endpoint) "
                + "to undo run \(session.run.runID)?"
            guard runner.confirm(question, yes: write.yes) else { return runner.notConfirmed(prepared.plan) }
            switch await runner.execute({ try await session.execute(prepared) }) {
            case .success(let outcome):
                let status = runner.finish(outcome)
                guard !unresolved.isEmpty else { return status }
                let notExact = RollbackPlanText.notExact(unresolved)
                return status == ExitStatus.success.rawValue ? notExact : status
            case .failure(let error): return runner.fail(error)
            }
        }
    }
}

/// The text of a rollback's plan: what cannot be undone first, then the engine's plan.
enum RollbackPlanText {
    static func render(_ prepared: PreparedRollback, chain: RunChain) -> String {
        let run = chain.last
        var out = "Rolling back run \(run.runID) (\(run.outcome ?? "journal only: the run did not finish")).\n"
        for earlier in chain.runs.dropLast().reversed() {
            out += "It resumed run \(earlier.runID) (\(earlier.path)): rolled back too, as one chain.\n"
        }
        let rollback = prepared.rollback
        if !rollback.rotatedSecrets.isEmpty {
            out +=
                "Secrets the run changed cannot be restored without --secrets (the backup holds them redacted); "
                + "they stay as the run set them:\n"
            for entry in rollback.rotatedSecrets { out += "    \(entry.formatted)\n" }
        }
        if !rollback.unresolved.isEmpty {
            out += "Not undone exactly (the rollback will exit 1):\n"
            for problem in rollback.unresolved { out += "    \(problem)\n" }
        }
        if !rollback.missingSecrets.isEmpty {
            out += "Sources to recreate without their secrets (skipped; give them with --secrets):\n"
            for entry in rollback.missingSecrets { out += "    \(entry.formatted)\n" }
        }
        for note in rollback.notes { out += "Note: \(note)\n" }
        return out + PlanRenderer.text(prepared.plan)
    }

    /// Says on standard error that the rollback is not exact; returns exit status 1.
    static func notExact(_ unresolved: [String]) -> Int32 {
        var text = "error: the rollback could not put everything back as it was:\n"
        for problem in unresolved { text += "    \(problem)\n" }
        StandardStreams.err(text)
        return ExitStatus.failed.rawValue
    }
}
