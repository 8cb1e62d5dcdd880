import ArgumentParser
import Foundation
import SourcesMigration

extension IBSources {
    /// The entry point: ArgumentParser's, except that a usage error exits 2 (the
    /// status every command documents for "nothing was done: wrong usage") instead of 64,
    /// that a usage error found while a subcommand runs shows that subcommand's usage, that
    /// SIGPIPE is ignored (see ``StandardStreams``), and that with `--detailed-exitcode` the
    /// statuses are 0, 2 (changes) and 1 (any error).
    static func main() async {
        StandardStreams.ignoreBrokenPipes()
        RetryNotice.install { StandardStreams.notice($0) }
        let detailed = DetailedExitCode.requested
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(reporting: error, in: nil, detailed: detailed)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch is DetailedExitCode.ChangesPlanned {
            Foundation.exit(DetailedExitCode.changes)
        } catch {
            exit(reporting: error, in: type(of: command), detailed: detailed)
        }
    }

    /// Prints `error` and exits with its status (2 for a usage error; with `detailed`, 1 for any error).
    ///
    /// - Parameter subcommand: the command that was running, whose usage a `ValidationError`
    ///   thrown by its `run()` shows (ArgumentParser alone would show the root's).
    private static func exit(
        reporting error: any Error, in subcommand: (any ParsableCommand.Type)?, detailed: Bool
    ) -> Never {
        let code = exitCode(for: error)
        if detailed && code != .success {
            let message = fullMessage(for: error)
            if !message.isEmpty { StandardStreams.err(message + "\n") }
            Foundation.exit(DetailedExitCode.status(ExitStatus(rawValue: code.rawValue) ?? .failed, changes: false))
        }
        guard code == .validationFailure else { exit(withError: error) }
        var text = fullMessage(for: error)
        if let subcommand, ObjectIdentifier(subcommand) != ObjectIdentifier(IBSources.self), error is ValidationError {
            let name = "\(configuration.commandName ?? "ibsources") \(subcommand._commandName)"
            text =
                "Error: \(message(for: error))\nUsage: \(usageString(for: subcommand))\n"
                + "  See '\(name) --help' for more information."
        }
        StandardStreams.err(text + "\n")
        Foundation.exit(ExitStatus.nothingDone.rawValue)
    }
}
