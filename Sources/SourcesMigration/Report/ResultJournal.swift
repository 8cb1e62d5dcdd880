/// The crash-safe record of what a run did: one JSON line per finished record,
/// appended and written through as it happens, after a header line; and, just before
/// each create is first sent, a ``CreateIntent`` line, so that a create in flight when
/// the run died is known by name and fingerprint.
///
/// After a crash or `kill -9` every line but possibly a truncated last one is
/// whole; ``ResumeState`` reads it back for `--resume`.
public final class ResultJournal: Sendable {
    /// The header's `kind`.
    public static let kind = "imageboss-sources-journal"
    /// Where it is.
    public let path: String
    private let file: PrivateFile

    /// Creates the journal at `path` (mode 0600) as `outputs` allows (a new file; an existing one
    /// only with `--force`, never an input) and writes `header`.
    public init(path: String, header: RunHeader, outputs: OutputPolicy = OutputPolicy()) throws(FileWriteError) {
        self.path = path
        self.file = try outputs.create(PlannedOutput(path: path, role: "journal", flag: "--report"))
        try file.write(header.journalLine + "\n")
    }

    /// Appends one result as a line.
    public func append(_ result: RecordResult) throws(FileWriteError) {
        try file.write(result.json + "\n")
    }

    /// Appends the intent of a create about to be sent (before the request goes out).
    public func append(_ intent: CreateIntent) throws(FileWriteError) {
        try file.write(intent.json + "\n")
    }

    /// Flushes to the disk and closes the journal.
    public func close() {
        file.sync()
        file.close()
    }

    /// The journal path that goes with a report path: the whole report name and `.journal.jsonl`
    /// (`X.json` → `X.json.journal.jsonl`), so that it can never be one of the run's inputs by accident.
    public static func path(forReport report: String) -> String {
        report + ".journal.jsonl"
    }
}
