/// `--detailed-exitcode`, as Terraform's `plan` has it: 0 nothing to do, 2 there are changes,
/// 1 any error (130 still means Ctrl-C). Without it, 2 means "nothing was sent: usage or input"
/// (see each command's exit statuses), so with it every other failure must become 1, a usage
/// error included, or a script would read it as "changes".
enum DetailedExitCode {
    /// Thrown by a command whose plan has changes, so that the entry point exits 2 (an
    /// `ExitCode(2)` would be taken for an error).
    struct ChangesPlanned: Error {}

    /// The status for "the plan has changes" (without the flag, 2 is ``ExitStatus/nothingDone``).
    static let changes: Int32 = 2

    /// True when `--detailed-exitcode` is among the arguments (before a `--`): known even when
    /// the arguments cannot be parsed, so that a usage error exits 1 too.
    static var requested: Bool {
        CommandLine.arguments.dropFirst().prefix { $0 != "--" }.contains("--detailed-exitcode")
    }

    /// The exit status for a command that would exit `status`, when `changes` were planned.
    static func status(_ status: ExitStatus, changes: Bool) -> Int32 {
        switch status {
        case .success: changes ? 2 : 0
        case .interrupted: ExitStatus.interrupted.rawValue
        case .failed, .nothingDone, .aborted, .outputClosed: 1
        }
    }
}
