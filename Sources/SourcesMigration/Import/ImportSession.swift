import Foundation
public import SourcesAPI
import SourcesCore

/// One import, as a pipeline of named stages sharing one uploader:
///
/// ```
/// records ─(prepare: list the account once, Planner, resume)→ PreparedImport
///         ─(execute: BackupWriter, ResultJournal, Uploader, RunReport)→ ImportOutcome
/// ```
/// `plan` and `import --dry-run` stop after ``prepare(_:)``; `import` goes on with
/// ``execute(_:)``, so what a dry run shows is what a real run does.
public final class ImportSession: Sendable {
    /// The run's settings.
    public let configuration: ImportConfiguration
    /// The uploader (its control and progress are the run's).
    public let uploader: Uploader

    /// Creates a session that talks to `service` through `governor`.
    public init(
        configuration: ImportConfiguration, service: any SourcesService, governor: RateGovernor,
        control: RunControl = RunControl(), progress: UploadProgress = UploadProgress()
    ) {
        self.configuration = configuration
        self.uploader = Uploader(
            service: service, governor: governor, settings: configuration.upload, control: control,
            progress: progress)
    }

    /// Lists the account once and plans `records` against it.
    ///
    /// - Throws: ``ImportFailure/invalidRecords(count:)`` before any request when a record is
    ///   invalid without `--skip-invalid`; ``ImportFailure/fetchFailed(_:abort:)`` when the
    ///   listing fails; ``ImportFailure/planErrors(_:)`` when the plan has errors without
    ///   `--skip-invalid`.
    public func prepare(_ records: [CandidateRecord]) async throws(ImportFailure) -> PreparedImport {
        let invalid = records.lazy.filter { !$0.valid }.count
        if invalid > 0 && !configuration.skipInvalid { throw .invalidRecords(count: invalid) }
        let (remote, fetchedAt) = try await listAccount()
        var plan = Planner(options: configuration.planOptions).plan(records, remote: remote)
        if !plan.errors.isEmpty && !configuration.skipInvalid { throw .planErrors(plan.errors) }
        plan.dropFieldLocations()
        return prepared(plan, fetchedAt: fetchedAt)
    }

    /// Lists the account once (the one listing a plan is made against) and notes when.
    ///
    /// - Throws: ``ImportFailure/fetchFailed(_:abort:)`` when the listing fails.
    func listAccount() async throws(ImportFailure) -> (sources: [Source], fetchedAt: Date) {
        do {
            let sources = try await uploader.fetchAccount()
            return (sources, Date())
        } catch {
            throw .fetchFailed(error, abort: uploader.control.abortReason)
        }
    }

    /// `plan` ready to be carried out, with the run being resumed (`--resume`) applied.
    func prepared(_ plan: Plan, fetchedAt: Date) -> PreparedImport {
        guard let resume = configuration.resume else { return PreparedImport(plan: plan, fetchedAt: fetchedAt) }
        let (resumed, carried) = resume.apply(to: plan)
        return PreparedImport(plan: resumed, carried: carried, fetchedAt: fetchedAt)
    }

    /// Carries `prepared` out: backup (when anything will be written), journal, upload, report.
    public func execute(_ prepared: PreparedImport) async throws(ImportFailure) -> ImportOutcome {
        let reportPath = configuration.resolvedReportPath()
        var backupPath: String?
        if prepared.plan.hasChanges {
            let path = configuration.backupPath ?? BackupWriter.defaultPath(at: prepared.fetchedAt)
            do {
                try BackupWriter(endpoint: configuration.endpoint).write(
                    prepared.plan.remote, fetchedAt: prepared.fetchedAt, to: path, outputs: configuration.outputs)
            } catch {
                throw .backupFailed(error)
            }
            backupPath = path
        }
        let header = RunHeader(
            runID: UUID().uuidString.lowercased(), startedAt: Timestamp.iso8601(configuration.startedAt),
            endpoint: configuration.endpoint, inputs: configuration.inputs, backup: backupPath,
            resumedFrom: configuration.resume?.path)
        let journalPath = ResultJournal.path(forReport: reportPath)
        let journal: ResultJournal
        do {
            journal = try ResultJournal(path: journalPath, header: header, outputs: configuration.outputs)
        } catch {
            throw .journalFailed(error)
        }
        let upload = await uploader.run(prepared.plan, carried: prepared.carried, journal: journal)
        journal.close()
        let report = RunReport(
            header: header, finishedAt: Timestamp.iso8601(Date()), outcome: upload.outcome, results: upload.results,
            statistics: upload.statistics)
        var outcome = ImportOutcome(
            report: report, upload: upload, reportPath: reportPath, csvPath: RunReport.csvPath(forReport: reportPath),
            backupPath: backupPath, journalPath: journalPath)
        do {
            try report.write(to: reportPath, outputs: configuration.outputs)
            try? FileManager.default.removeItem(atPath: journalPath)
        } catch {
            outcome.reportError = error
        }
        return outcome
    }
}
