import ArgumentParser
import Foundation
import SourcesCore
import SourcesMigration
import StorageCheck

/// `--check` and `--skip-failed-checks` of `import` and `restore`: run `ibsources check` on
/// the records about to be written, and stop (exit 2, nothing sent) when one fails.
struct ImportCheckOptions: ParsableArguments {
    @Flag(help: "Check every source's storage credentials with its provider first (read-only; see `ibsources check`).")
    var check = false

    @Flag(
        name: .customLong("skip-failed-checks"),
        help: "With --check: write the other sources and report those that failed their check as skipped.")
    var skipFailedChecks = false

    @OptionGroup var storage: StorageCheckOptions

    func validate() throws {
        if skipFailedChecks && !check { throw ValidationError("--skip-failed-checks needs --check") }
    }

    /// The records to write after the check: unchanged without `--check` or when every check
    /// passed; with `--skip-failed-checks`, those that failed are made invalid (so the engine
    /// reports them `skipped`, with the check's diagnostic as the reason).
    ///
    /// - Parameter checked: the records as the provider must see them (a restore's, with the
    ///   secrets file applied), in the order of `records`; `records` themselves by default.
    /// - Returns: the records, and whether some were made invalid here.
    /// - Throws: exit 2 when a check failed without `--skip-failed-checks` (the check's lines
    ///   and the reason are printed on standard error).
    func gate(
        _ records: [CandidateRecord], checked: [CandidateRecord]? = nil, environment: [String: String]
    ) async throws(ExitCode) -> (records: [CandidateRecord], skippedSome: Bool) {
        guard check else { return (records, false) }
        let asked = (checked ?? records).filter(\.valid).map(\.record)
        let report = await StorageCheckRun.run(asked, settings: storage.settings(environment: environment))
        StandardStreams.err(StorageCheckRun.text(report))
        let failed = report.checks.filter { $0.outcome.status.isFailure }
        if failed.isEmpty { return (records, false) }
        guard skipFailedChecks else {
            throw commandFailure(
                "\(failed.count) source\(failed.count == 1 ? "" : "s") failed the storage check; nothing was sent "
                    + "(fix them, or --skip-failed-checks to write the others)", status: .nothingDone)
        }
        var reasons: [RecordKey: String] = [:]
        for item in failed {
            reasons[RecordKey(file: item.record.origin.location.file, index: item.record.origin.index)] =
                CheckReport.diagnostic(item).formatted
        }
        let marked = records.map { candidate -> CandidateRecord in
            let key = RecordKey(file: candidate.record.origin.location.file, index: candidate.record.origin.index)
            guard let reason = reasons[key] else { return candidate }
            return CandidateRecord(record: candidate.record, valid: false, errors: [reason])
        }
        return (marked, true)
    }
}
