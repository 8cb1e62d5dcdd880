public import SourcesCore

/// The account as it was before the run (or chain of runs) being rolled back.
public struct RollbackBaseline: Sendable {
    /// The backup files it was read from, oldest first.
    public var paths: [String]
    /// Each source's earliest backed-up version, by id.
    public var before: [String: Source]
    /// The backed-up sources in backup order (the earliest backup's first).
    public var sources: [Source]
    /// The ids in the earliest backup: the sources that existed before the chain began.
    public var existedBefore: Set<String>

    /// The baseline of `backups`, oldest first (at least one).
    public init(backups: [Backup]) {
        paths = backups.map(\.path)
        var before: [String: Source] = [:]
        var sources: [Source] = []
        for backup in backups {
            for source in backup.sources {
                guard let id = source.id, before[id] == nil else { continue }
                before[id] = source
                sources.append(source)
            }
        }
        self.before = before
        self.sources = sources
        existedBefore = Set(backups.first?.sources.compactMap(\.id) ?? [])
    }

    /// The baseline of one backup.
    public init(_ backup: Backup) { self.init(backups: [backup]) }

    /// The file restored sources are said to come from (the earliest backup).
    public var path: String { paths.first ?? "backup" }
}
