import Foundation
public import SourcesCore

/// The backup stage: before the first write, the account's sources are saved in the
/// export envelope (with `exported_at` and `endpoint`), mode 0600 since they hold
/// signing keys. An existing file is never overwritten.
public struct BackupWriter: Sendable {
    /// The API endpoint written into the envelope.
    public var endpoint: String

    /// Creates a writer for backups of `endpoint`.
    public init(endpoint: String) {
        self.endpoint = endpoint
    }

    /// `ibsources-backup-<UTC timestamp>.json` in the current directory (`…-2.json`, `…-3.json`
    /// when a run in the same second already took the name).
    public static func defaultPath(at date: Date) -> String {
        Timestamp.unusedPath("ibsources-backup-\(Timestamp.compact(date))", extension: "json")
    }

    /// Writes `sources` (as fetched at `date`) to `path`.
    ///
    /// - Throws: ``FileWriteError`` when the file exists or cannot be written; nothing
    ///   has been sent to the API at that point.
    public func write(_ sources: [Source], fetchedAt date: Date, to path: String) throws(FileWriteError) {
        let text = JSONSourcesWriter().render(
            sources, metadata: ExportMetadata(exportedAt: Timestamp.iso8601(date), endpoint: endpoint))
        let file: PrivateFile
        do {
            file = try PrivateFile(path: path, exclusive: true)
        } catch {
            if error.errorNumber == EEXIST {
                throw FileWriteError(
                    path: path, reason: "the file already exists and a backup never replaces one; pass another --backup")
            }
            throw error
        }
        defer { file.close() }
        try file.write(text)
        file.sync()
    }
}
