import ArgumentParser
import SourcesAPI
import SourcesHTTP
import SourcesMigration

/// What every command that writes through the import engine sets up for one run: the HTTP
/// client, the rate governor, the run control, the Ctrl-C handler and where its words go.
struct WriteRun {
    let client: SourcesClient
    let governor: RateGovernor
    let control: RunControl
    let interrupts: ImportInterruptHandler
    let output: RunOutput
}

extension WriteOptions {
    /// Sets up a run of `command` on `api`, carries out `body` (which returns the exit status),
    /// shuts the client down, stops handling Ctrl-C, and throws the status when it is not zero.
    func carryOut(on api: APIConfiguration, command: String, _ body: (WriteRun) async -> Int32) async throws {
        let control = RunControl()
        let run = WriteRun(
            client: client(api), governor: governor(), control: control,
            interrupts: ImportInterruptHandler(control: control, announce: !quiet),
            output: RunOutput(command: command, options: output, dryRun: dryRun))
        defer { run.interrupts.cancel() }
        let status = await body(run)
        await run.client.shutdown()
        // Mapped already: with --detailed-exitcode, 2 only ever means "changes".
        if run.output.detailedExitCode && status == 2 { throw DetailedExitCode.ChangesPlanned() }
        if status != 0 { throw ExitCode(status) }
    }
}
