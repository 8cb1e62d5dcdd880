import ArgumentParser
import Foundation

extension IBSources {
    /// The entry point: ArgumentParser's, except that a usage error exits 2 (the
    /// status every command documents for "nothing was done: wrong usage") instead of 64,
    /// and that with `--detailed-exitcode` the statuses are 0, 2 (changes) and 1 (any error).
    static func main() async {
        let detailed = DetailedExitCode.requested
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch is DetailedExitCode.ChangesPlanned {
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if detailed && code != .success {
                let message = fullMessage(for: error)
                if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
                Foundation.exit(DetailedExitCode.status(code.rawValue, changes: false))
            }
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
