import ArgumentParser
import Foundation
import SourcesMigration

extension IBSources {
    /// The entry point: ArgumentParser's, except that a usage error exits 2 (the
    /// status every command documents for "nothing was done: wrong usage") instead of 64,
    /// that a usage error found while a subcommand runs shows that subcommand's usage, and
    /// that SIGPIPE is ignored (see ``StandardStreams``).
    static func main() async {
        StandardStreams.ignoreBrokenPipes()
        RetryNotice.install { StandardStreams.notice($0) }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(reporting: error, in: nil)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(reporting: error, in: type(of: command))
        }
    }

    /// Prints `error` and exits with its status (2 for a usage error).
    ///
    /// - Parameter subcommand: the command that was running, whose usage a `ValidationError`
    ///   thrown by its `run()` shows (ArgumentParser alone would show the root's).
    private static func exit(reporting error: any Error, in subcommand: (any ParsableCommand.Type)?) -> Never {
        guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
        var text = fullMessage(for: error)
        if let subcommand, ObjectIdentifier(subcommand) != ObjectIdentifier(IBSources.self), error is ValidationError {
            let name = "\(configuration.commandName ?? "ibsources") \(subcommand._commandName)"
            text = "Error: \(message(for: error))\nUsage: \(usageString(for: subcommand))\n"
                + "  See '\(name) --help' for more information."
        }
        StandardStreams.err(text + "\n")
        Foundation.exit(2)
    }
}
