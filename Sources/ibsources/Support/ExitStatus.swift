import ArgumentParser
import SourcesMigration

/// Every status the commands exit with, and the one place that decides which: README's
/// "Exit status" table, row for row (a test reads README's table and compares it with
/// ``allCases`` and ``meaning``).
///
/// The libraries say what happened (``ImportOutcome/verdict``, ``ImportFailure``,
/// ``RestoreFailure``, ``ExportFailure``, ``SigningKeyFailure``); the initialisers here turn
/// that into a status, so that changing a status is one edit here and one in README.
/// `--detailed-exitcode` maps these further (``DetailedExitCode``).
enum ExitStatus: Int32, CaseIterable, Sendable {
    case success = 0
    /// Something was done, but not all of it: a record failed, a check failed.
    case failed = 1
    /// Nothing was done (or sent): usage, unreadable input, a refusal before the first write.
    case nothingDone = 2
    /// A run stopped early because the API refused it.
    case aborted = 3
    case interrupted = 130
    /// Set by the kernel, not by us (SIGPIPE: 128 + 13); listed so that the table is whole.
    case outputClosed = 141

    /// README's wording of the status, cell for cell.
    var meaning: String {
        switch self {
        case .success: "success"
        case .failed: "some record has an error (validate, convert), failed (import) or failed its check (check)"
        case .nothingDone:
            "nothing was done: wrong usage, unreadable or empty input, or (import) invalid records "
                + "or a failed `--check`"
        case .aborted: "import aborted: the key was refused, or no request succeeded for `--stall-timeout`"
        case .interrupted: "interrupted (Ctrl-C)"
        case .outputClosed:
            "standard output was closed by its reader (`… \\| head`): killed by SIGPIPE, as Unix tools are"
        }
    }

    /// ArgumentParser's exit code for this status.
    var code: ExitCode { ExitCode(rawValue) }

    /// A run that was carried out: aborted 3, interrupted 130, a failed record (or an unwritten
    /// report) 1, else 0.
    init(_ verdict: RunVerdict) {
        switch verdict {
        case .succeeded: self = .success
        case .someFailed: self = .failed
        case .aborted: self = .aborted
        case .interrupted: self = .interrupted
        }
    }

    /// The engine stopped before the first write: 3 when the account could not be listed (key
    /// refused, nothing succeeded for `--stall-timeout`), else 2.
    init(_ failure: ImportFailure) {
        switch failure {
        case .fetchFailed: self = .aborted
        case .invalidRecords, .planErrors, .backupFailed, .journalFailed: self = .nothingDone
        }
    }

    /// A restore stopped before the first write: as `import`, and 2 for a refused or unconfirmed prune.
    init(_ failure: RestoreFailure) {
        switch failure {
        case .engine(let failure): self.init(failure)
        case .pruneRefused, .notConfirmed: self = .nothingDone
        }
    }

    /// `export`: 3 when the account could not be listed, else 2.
    init(_ failure: ExportFailure) {
        switch failure {
        case .fetchFailed: self = .aborted
        case .unknownFormat, .writeFailed: self = .nothingDone
        }
    }

    /// `sign-url`: 3 when the account could not be listed, else 2.
    init(_ failure: SigningKeyFailure) {
        switch failure {
        case .fetchFailed: self = .aborted
        case .noSourceName, .unknownSource, .noToken: self = .nothingDone
        }
    }

    /// Any error a write command's session throws (1 for one this table does not know).
    init(anyFailure error: any Error) {
        if let failure = error as? ImportFailure {
            self.init(failure)
        } else if let failure = error as? RestoreFailure {
            self.init(failure)
        } else {
            self = .failed
        }
    }
}
