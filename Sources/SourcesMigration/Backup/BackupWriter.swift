import Foundation
import SourcesAPI
public import SourcesCore

/// The backup stage: before the first write, the account's sources are saved in the
/// export envelope (with `exported_at` and `endpoint`), mode 0600 since they hold
/// signing keys. An existing file is never overwritten.
public struct BackupWriter: Sendable {
    /// The API endpoint written into the envelope.
    public var endpoint: String

    /// Creates a writer for backups of `endpoint` (written without a `user:password@` part).
    public init(endpoint: String) {
        self.endpoint = EndpointText.withoutUserinfo(endpoint)
    }

    /// `ibsources-backup-<UTC timestamp>.json` in the current directory (`…-2.json`, `…-3.json`
    /// when a run in the same second already took the name).
    public static func defaultPath(at date: Date) -> String {
        Timestamp.unusedPath("ibsources-backup-\(Timestamp.compact(date))", extension: "json")
    }

    /// Writes `sources` (as fetched at `date`) to `path`, as the exports are written: a temporary
    /// file beside it, flushed to the disk, then linked into place, so that a failure (a full disk)
    /// leaves neither a truncated backup nor the temporary file, and a rerun can use the same path.
    ///
    /// - Throws: ``FileWriteError`` when the file exists (unless `outputs` has `--force`), is an
    ///   input, or cannot be written; nothing has been sent to the API at that point.
    public func write(
        _ sources: [Source], fetchedAt date: Date, to path: String, outputs: OutputPolicy = OutputPolicy()
    ) throws(FileWriteError) {
        let text = JSONSourcesWriter().render(
            sources, metadata: ExportMetadata(exportedAt: Timestamp.iso8601(date), endpoint: endpoint))
        try outputs.write(text, to: Self.output(path))
    }

    /// The backup at `path`, as an output of the run.
    public static func output(_ path: String) -> PlannedOutput {
        PlannedOutput(path: path, role: "backup", flag: "--backup")
    }
}
