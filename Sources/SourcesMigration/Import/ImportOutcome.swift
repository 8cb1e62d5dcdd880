/// What an import run did, and where it wrote it.
public struct ImportOutcome: Sendable {
    /// The report (also written to ``reportPath`` unless ``reportError`` says otherwise).
    public var report: RunReport
    /// The upload's results and statistics.
    public var upload: UploadResult
    /// The JSON report's path.
    public var reportPath: String
    /// The CSV twin's path.
    public var csvPath: String
    /// The backup's path, when one was written.
    public var backupPath: String?
    /// The journal's path (removed once the report is written).
    public var journalPath: String
    /// Set when the report could not be written; the journal is kept then.
    public var reportError: FileWriteError?

    /// What the run amounts to: aborted, interrupted, some record failed (or the report could
    /// not be written), else succeeded.
    public var verdict: RunVerdict {
        switch upload.outcome {
        case .aborted: return .aborted
        case .interrupted: return .interrupted
        case .completed:
            return report.summary.failed > 0 || reportError != nil ? .someFailed : .succeeded
        }
    }
}
