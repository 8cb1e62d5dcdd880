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

    /// The CLI's exit status: 3 aborted, 130 interrupted, 1 some record failed (or the
    /// report could not be written), else 0.
    public var exitStatus: Int32 {
        switch upload.outcome {
        case .aborted: return 3
        case .interrupted: return 130
        case .completed:
            return report.summary.failed > 0 || reportError != nil ? 1 : 0
        }
    }
}
