import Foundation

/// The run being rolled back and the runs it resumed (`--resume`), oldest first, with
/// the account as it was before each of them.
///
/// A resumed run carries the results of the run it resumed into its own report, so its
/// report records every create and update of the chain; but its backup was taken after
/// the earlier runs' writes. The account as it was before the chain is therefore read
/// from the backups of all of them: for each source, the earliest backup that has it.
/// Given an earlier run's file, the chain ends there: a rollback never covers runs that
/// resumed it later (it cannot know them).
public struct RunChain: Sendable {
    /// The runs, oldest first; the last is the one named on the command line.
    public var runs: [RunRecord]
    /// The account before the chain.
    public var baseline: RollbackBaseline

    /// The run named on the command line, whose results cover the whole chain.
    public var last: RunRecord { runs[runs.count - 1] }

    /// Creates a chain of `runs` (oldest first, at least one) and their backups.
    public init(runs: [RunRecord], baseline: RollbackBaseline) {
        precondition(!runs.isEmpty, "a chain has at least one run")
        self.runs = runs
        self.baseline = baseline
    }

    /// Reads the report or journal at `path`, then each report or journal it resumed, and
    /// every backup they name.
    ///
    /// - Throws: ``RollbackInputError`` when a file of the chain cannot be read, or no run of
    ///   it wrote a backup (then nothing was sent).
    public static func load(path: String) throws(RollbackInputError) -> RunChain {
        var runs: [RunRecord] = []
        var seen: Set<String> = []
        var next: String? = path
        while let current = next {
            let run: RunRecord
            do {
                run = try RunRecord.load(path: current)
            } catch {
                guard let later = runs.first else { throw error }
                throw RollbackInputError(
                    path: later.path,
                    reason: "it resumed \(current), which cannot be read (\(error.reason)); a rollback covers the "
                        + "whole chain of resumed runs, so put that file back where it was")
            }
            guard seen.insert(run.runID).inserted, runs.count < 1000 else { break }
            runs.insert(run, at: 0)
            next = run.resolvedResumedFromPath
        }
        var backups: [Backup] = []
        for run in runs {
            guard let backupPath = run.resolvedBackupPath else { continue }
            backups.append(try BackupReader.read(path: backupPath))
        }
        guard !backups.isEmpty else {
            throw RollbackInputError(
                path: path, reason: "the run wrote no backup, so it sent no write: there is nothing to roll back")
        }
        return RunChain(runs: runs, baseline: RollbackBaseline(backups: backups))
    }
}
