import Foundation
import SourcesAPI
import SourcesCore
import SourcesMigration

/// The terminal side of `import`: runs the session's stages and talks to the user
/// (plan, question, progress line, summary). Returns the exit status.
struct ImportRunner {
    let session: ImportSession
    let governor: RateGovernor
    let interrupts: ImportInterruptHandler
    let dryRun: Bool
    let ask: Bool
    let progress: ProgressMode
    let output: RunOutput

    func run(_ records: [CandidateRecord]) async -> Int32 {
        let runner = OperationRunner(
            verb: "Import", uploader: session.uploader, governor: governor, interrupts: interrupts,
            progress: progress, output: output)
        let prepared: PreparedImport
        do {
            prepared = try await session.prepare(records)
        } catch {
            if case .planErrors(let errors) = error { StandardStreams.err(DiagnosticPrinter.text(errors)) }
            return runner.fail(error)
        }
        if interrupts.interrupted {
            StandardStreams.err("Interrupted before the first write: nothing was sent.\n")
            let status = output.exitStatus(.interrupted)
            output.stopped(.interrupted, plan: prepared.plan, status: status)
            return status
        }
        if dryRun {
            output.plan(PlanRenderer.text(prepared.plan))
            return runner.stop(before: prepared.plan, dryRun: true)
        }
        if ask && prepared.plan.hasChanges {
            StandardStreams.err(PlanRenderer.text(prepared.plan))
            let question = "Send \(prepared.plan.writeCount) write(s) to \(session.configuration.endpoint)?"
            guard runner.ask(question) else { return runner.notConfirmed(prepared.plan) }
        }
        switch await runner.execute({ [session] in try await session.execute(prepared) }) {
        case .success(let outcome): return runner.finish(outcome, summary: ImportSummary.text(outcome))
        case .failure(let error): return runner.fail(error)
        }
    }
}
