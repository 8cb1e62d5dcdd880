import Foundation
@testable import ibsources
import SourcesMigration
import TestSupport
import Testing

/// The exit statuses are decided by one table (``ExitStatus``), and that table is README's.
@Suite struct ExitStatusTableTests {
    /// The rows of README's "## Exit status" table: `| status | meaning |`.
    static func readmeTable() throws -> [(status: Int32, meaning: String)] {
        let readme = try String(
            contentsOf: PackagePaths.file("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "## Exit status"))
        var rows: [(Int32, String)] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("## ") { break }
            guard line.hasPrefix("| ") else {
                if !rows.isEmpty { break }
                continue
            }
            // Split on the first cell's closing bar only: a meaning may hold an escaped `\|`.
            let cells = line.dropFirst(2).split(separator: "|", maxSplits: 1)
            guard cells.count == 2, let status = Int32(cells[0].trimmingCharacters(in: .whitespaces)) else { continue }
            var meaning = cells[1].trimmingCharacters(in: .whitespaces)
            if meaning.hasSuffix("|") { meaning = String(meaning.dropLast()).trimmingCharacters(in: .whitespaces) }
            rows.append((status, meaning))
        }
        return rows
    }

    @Test func readmesTableIsTheCommandLinesTable() throws {
        let readme = try Self.readmeTable()
        #expect(readme.count >= 5, "README's exit-status table was not found")
        #expect(readme.map(\.status) == ExitStatus.allCases.map(\.rawValue))
        for (row, status) in zip(readme, ExitStatus.allCases) {
            #expect(row.meaning == status.meaning, "exit status \(status.rawValue)")
        }
    }

    @Test func aRunThatWasCarriedOutExitsByItsVerdict() {
        #expect(ExitStatus(RunVerdict.succeeded) == .success)
        #expect(ExitStatus(RunVerdict.someFailed) == .failed)
        #expect(ExitStatus(RunVerdict.aborted) == .aborted)
        #expect(ExitStatus(RunVerdict.interrupted) == .interrupted)
    }

    @Test func anAccountThatCannotBeListedExits3AndEveryOtherRefusal2() {
        let listing = ImportFailure.fetchFailed(.stopped, abort: .keyRefused(status: 401))
        #expect(ExitStatus(listing) == .aborted)
        #expect(ExitStatus(ImportFailure.fetchFailed(.stopped, abort: nil)) == .aborted)
        #expect(ExitStatus(ImportFailure.invalidRecords(count: 2)) == .nothingDone)
        #expect(ExitStatus(ImportFailure.planErrors([])) == .nothingDone)
        #expect(ExitStatus(RestoreFailure.engine(listing)) == .aborted)
        #expect(ExitStatus(RestoreFailure.engine(.invalidRecords(count: 1))) == .nothingDone)
        #expect(ExitStatus(RestoreFailure.pruneRefused("too many")) == .nothingDone)
        #expect(ExitStatus(RestoreFailure.notConfirmed(deletes: 3)) == .nothingDone)
        #expect(ExitStatus(ExportFailure.fetchFailed(.stopped, abort: nil)) == .aborted)
        #expect(ExitStatus(ExportFailure.unknownFormat("toml")) == .nothingDone)
        #expect(ExitStatus(SigningKeyFailure.fetchFailed("HTTP 500")) == .aborted)
        #expect(ExitStatus(SigningKeyFailure.noToken("a")) == .nothingDone)
        #expect(ExitStatus(anyFailure: RestoreFailure.engine(listing)) == .aborted)
        #expect(ExitStatus(anyFailure: CancellationError()) == .failed)
    }

    @Test func detailedExitCodeKeeps2ForChangesAndMakesEveryErrorOne() {
        #expect(DetailedExitCode.status(.success, changes: false) == 0)
        #expect(DetailedExitCode.status(.success, changes: true) == DetailedExitCode.changes)
        #expect(DetailedExitCode.status(.interrupted, changes: true) == 130)
        for status in [ExitStatus.failed, .nothingDone, .aborted] {
            #expect(DetailedExitCode.status(status, changes: true) == 1)
        }
    }
}
