public import Foundation

/// Everything an import run is told, besides its records and its API client.
public struct ImportConfiguration: Sendable {
    /// The API endpoint (written into the report and the backup; never the key).
    public var endpoint: String
    /// The inputs as named on the command line.
    public var inputs: [String]
    /// `--update-secrets`, `--no-update`.
    public var planOptions: PlanOptions
    /// `--concurrency`, `--max-retries`.
    public var upload: UploadSettings
    /// `--skip-invalid`: go on with the valid records and report the others `skipped`.
    public var skipInvalid: Bool
    /// `--report`; nil for `ibsources-report-<UTC timestamp>.json` in the current directory.
    public var reportPath: String?
    /// `--backup`; nil for `ibsources-backup-<UTC timestamp>.json` in the current directory.
    public var backupPath: String?
    /// `--resume`: what a previous run already did.
    public var resume: ResumeState?
    /// When the run started.
    public var startedAt: Date
    /// `--force` and the run's input files: which outputs may be written (see ``OutputPolicy``).
    public var outputs: OutputPolicy

    /// Creates a configuration.
    public init(
        endpoint: String, inputs: [String], planOptions: PlanOptions = PlanOptions(),
        upload: UploadSettings = UploadSettings(), skipInvalid: Bool = false, reportPath: String? = nil,
        backupPath: String? = nil, resume: ResumeState? = nil, startedAt: Date = Date(),
        outputs: OutputPolicy = OutputPolicy()
    ) {
        self.endpoint = endpoint
        self.inputs = inputs
        self.planOptions = planOptions
        self.upload = upload
        self.skipInvalid = skipInvalid
        self.reportPath = reportPath
        self.backupPath = backupPath
        self.resume = resume
        self.startedAt = startedAt
        self.outputs = outputs
    }

    /// The report path to use: `--report`, else `ibsources-report-<UTC timestamp>.json`
    /// (with `-2`, `-3`… when a run in the same second already took the name).
    public func resolvedReportPath() -> String {
        reportPath ?? Timestamp.unusedPath("ibsources-report-\(Timestamp.compact(startedAt))", extension: "json")
    }

    /// The files the run will write: the report, its CSV twin, the journal and (when
    /// `--backup` names it) the backup.
    public var plannedOutputs: [PlannedOutput] {
        RunReport.outputs(forReport: resolvedReportPath()) + (backupPath.map { [BackupWriter.output($0)] } ?? [])
    }

    /// Checks the run's outputs before anything is sent (see ``OutputPolicy/check(_:)``).
    public func checkOutputs() throws(OutputRefusal) {
        try outputs.check(plannedOutputs)
    }
}
