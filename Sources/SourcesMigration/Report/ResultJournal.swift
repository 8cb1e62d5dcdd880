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

    /// Creates the journal at `path` (mode 0600, replacing an old one) and writes `header`.
    public init(path: String, header: RunHeader) throws(FileWriteError) {
        self.path = path
        self.file = try PrivateFile(path: path)
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

    /// The journal path that goes with a report path: `X.json` → `X.journal.jsonl`.
    public static func path(forReport report: String) -> String {
        ReportPaths.replacingJSONExtension(of: report, with: ".journal.jsonl")
    }
}

/// Derived file names.
enum ReportPaths {
    /// `X.json` → `X<suffix>`; anything else gets `suffix` appended.
    static func replacingJSONExtension(of path: String, with suffix: String) -> String {
        path.lowercased().hasSuffix(".json") ? String(path.dropLast(5)) + suffix : path + suffix
    }
}
