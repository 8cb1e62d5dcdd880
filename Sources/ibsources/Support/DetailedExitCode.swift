/// `--detailed-exitcode`, as Terraform's `plan` has it: 0 nothing to do, 2 there are changes,
/// 1 any error (130 still means Ctrl-C). Without it, 2 means "nothing was sent: usage or input"
/// (see each command's exit statuses), so with it every other failure must become 1, a usage
/// error included, or a script would read it as "changes".
enum DetailedExitCode {
    /// Thrown by a command whose plan has changes, so that the entry point exits 2 (an
    /// `ExitCode(2)` would be taken for an error).
    struct ChangesPlanned: Error {}

    /// True when `--detailed-exitcode` is among the arguments (before a `--`): known even when
    /// the arguments cannot be parsed, so that a usage error exits 1 too.
    static var requested: Bool {
        CommandLine.arguments.dropFirst().prefix { $0 != "--" }.contains("--detailed-exitcode")
    }

    /// The exit status for a command that would exit `status`, when `changes` were planned.
    static func status(_ status: Int32, changes: Bool) -> Int32 {
        switch status {
        case 0: changes ? 2 : 0
        case 130: 130
        default: 1
        }
    }
}
