import ArgumentParser

/// The `ibsources` command: migrates, backs up and restores the sources of an ImageBoss account.
@main
struct IBSources: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ibsources",
        abstract: "Migrate, back up and restore the sources of an ImageBoss account.",
        version: "0.1.0",
        subcommands: [
            // One line per subcommand; keep this list sorted by workflow.
            Validate.self,
            Convert.self,
            Check.self,
            Plan.self,
            Import.self,
            Export.self,
            Restore.self,
            Rollback.self,
            Delete.self,
            SignURL.self,
            Serve.self,
        ]
    )
}
