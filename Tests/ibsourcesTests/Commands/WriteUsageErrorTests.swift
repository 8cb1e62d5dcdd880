import Foundation
import TestSupport
import Testing

/// The checks that span the options of the commands that write (`import`, `restore`,
/// `rollback`, `delete`) run while the arguments are parsed: a usage error (exit 2) that
/// shows the command's usage, before any file is read or any key is looked for.
@Suite struct WriteUsageErrorTests {
    /// Each command with arguments that parse, whose files need not exist.
    static let commands: [[String]] = [
        ["import", "absent.csv"], ["restore", "absent.json"], ["rollback", "absent.json"], ["delete", "absent-name"],
    ]

    @Test(arguments: [
        (["--concurrency", "0"], "--concurrency must be between 1 and 256"),
        (["--rate", "0"], "--rate must be a positive number of requests per second"),
        (["--max-retries", "101"], "--max-retries must be between 0 and 100"),
    ])
    func aFlagOutOfRangeIsAUsageErrorOfThatCommand(flag: [String], message: String) throws {
        for command in Self.commands {
            let result = try CLI.runWithDemoSecrets(command + flag, environment: [:])
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("Usage: ibsources \(command[0])"), "\(command): \(result.stderr)")
        }
    }

    @Test func resumeWithDryRunAndANegativeMaxDeleteAreUsageErrors() throws {
        for command in [["import", "absent.csv"], ["restore", "absent.json"]] {
            let result = try CLI.runWithDemoSecrets(command + ["--resume", "r.json", "--dry-run"], environment: [:])
            #expect(result.status == 2)
            #expect(result.stderr.contains("--resume and --dry-run cannot be combined"), "\(result.stderr)")
            #expect(result.stderr.contains("Usage: ibsources \(command[0])"), "\(result.stderr)")
        }
        let negative = try CLI.runWithDemoSecrets(["restore", "absent.json", "--max-delete=-1"], environment: [:])
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("--max-delete must be zero or more"), "\(negative.stderr)")
        #expect(negative.stderr.contains("Usage: ibsources restore"), "\(negative.stderr)")
    }

    @Test func restoreTakesTheInputOptionsOfEveryReadingCommand() throws {
        let two = try CLI.runWithDemoSecrets(["restore", "a.json", "b.json"], environment: [:])
        #expect(two.status == 2)
        #expect(two.stderr.contains("Name one export to restore"), "\(two.stderr)")
        let badDelimiter = try CLI.runWithDemoSecrets(["restore", "a.csv", "--delimiter", "ab"], environment: [:])
        #expect(badDelimiter.status == 2)
        #expect(badDelimiter.stderr.contains("--delimiter takes one character"), "\(badDelimiter.stderr)")
        let stdinWithoutFormat = try CLI.runWithDemoSecrets(["restore", "-"], environment: [:])
        #expect(stdinWithoutFormat.status == 2)
        #expect(
            stdinWithoutFormat.stderr.contains("Reading standard input needs --format"), "\(stdinWithoutFormat.stderr)")
    }
}
