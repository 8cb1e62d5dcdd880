import Foundation
import SourcesAPI
public import SourcesCore

/// A backup as ``BackupWriter`` wrote it: the account's sources before a run's first write.
public struct Backup: Sendable {
    /// The file.
    public var path: String
    /// When the account was listed (`exported_at`), when the file says.
    public var exportedAt: String?
    /// The sources, secrets as the API returned them (`****`), `secret_token` in clear.
    public var sources: [Source]

    /// Creates a backup (``BackupReader/read(path:)`` reads one from a file).
    public init(path: String, exportedAt: String?, sources: [Source]) {
        self.path = path
        self.exportedAt = exportedAt
        self.sources = sources
    }
}

/// Reads the backups ``BackupWriter`` writes (the JSON export envelope), with SourcesAPI's
/// JSON parser and source decoding, so a backup is read the way an API listing is.
public enum BackupReader {
    /// Reads the backup at `path`.
    public static func read(path: String) throws(RollbackInputError) -> Backup {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RollbackInputError(
                path: path, reason: "the backup cannot be read; check that the file is still there")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(data))
        } catch {
            throw RollbackInputError(path: path, reason: "the backup is not valid JSON (\(error))")
        }
        guard value["kind"]?.stringValue == WriterRegistry.kind, case .array(let items)? = value["sources"] else {
            throw RollbackInputError(path: path, reason: "it is not an ibsources export or backup")
        }
        do {
            try WriterRegistry.checkVersion(value["version"]?.scalarText)
        } catch {
            throw RollbackInputError(path: path, reason: error.description)
        }
        var sources: [Source] = []
        for item in items {
            do {
                sources.append(unprotected(try SourcePayload.decodeSource(item)))
            } catch {
                throw RollbackInputError(path: path, reason: "a source in the backup is malformed (\(error))")
            }
        }
        return Backup(path: path, exportedAt: value["exported_at"]?.stringValue, sources: sources)
    }

    /// Undoes ``WriterRegistry/protect(_:)`` (`$${` → `${`), which the writers apply to every value.
    static func unprotected(_ source: Source) -> Source {
        func plain(_ value: String) -> String {
            value.contains("$${") ? value.replacingOccurrences(of: "$${", with: "${") : value
        }
        var copy = source
        copy.name = plain(source.name)
        copy.type = plain(source.type)
        var credentials = Credentials()
        for (key, value) in source.credentials { credentials[key] = plain(value) }
        copy.credentials = credentials
        return copy
    }
}
