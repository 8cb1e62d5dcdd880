import GRDB
import SourcesCore

/// The result of a write: the saved source (as the API renders it), the API's
/// error messages, or no such source.
enum WriteOutcome: Sendable {
    case saved(rendered: String)
    case rejected([String])
    case notFound
}

/// The emulator's storage: one SQLite table through GRDB, in memory or in a file.
///
/// Each write is one committed statement before the method returns, so a
/// response only goes out once its change is on disk (with `--db`). Uniqueness of
/// names is checked per account inside the same transaction as the write.
///
/// Reads are served from a ``SourceIndex`` kept in memory and changed only inside
/// the write transactions, so a GET does no database work. Access is synchronous
/// on the request's thread: a write takes microseconds, less than a hop to GRDB's
/// queue and back.
final class SourceStore: Sendable {
    static let takenMessage = "Source has already been taken"

    private let writer: any DatabaseWriter
    private let ids = ObjectIDGenerator()
    private let index = SourceIndex()

    /// Opens (and creates if needed) the store at `path`, or in memory when nil.
    init(path: String?) throws(EmulatorError) {
        if let path { try PrivateDatabaseFile.prepare(path) }
        do {
            if let path {
                var configuration = Configuration()
                configuration.prepareDatabase { db in
                    // WAL + NORMAL: a commit is in the WAL file (the OS has it) before the
                    // response is sent, so a kill -9 loses nothing already answered.
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                }
                writer = try DatabasePool(path: path, configuration: configuration)
            } else {
                writer = try DatabaseQueue()
            }
            try writer.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS sources (
                            seq INTEGER PRIMARY KEY AUTOINCREMENT,
                            id TEXT NOT NULL UNIQUE,
                            account TEXT NOT NULL,
                            name TEXT NOT NULL,
                            type TEXT NOT NULL,
                            credentials TEXT NOT NULL,
                            created_at INTEGER NOT NULL,
                            updated_at INTEGER NOT NULL,
                            rendered TEXT NOT NULL,
                            UNIQUE (account, name)
                        );
                        """)
            }
            try reloadIndex()
        } catch {
            throw .database(path: path, detail: "\(error)")
        }
    }

    /// Rebuilds the in-memory index from the database (at start, and after a failed write).
    private func reloadIndex() throws {
        let rows = try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, account, name, rendered FROM sources ORDER BY seq").map {
                (id: $0[0] as String, account: $0[1] as String, name: $0[2] as String, rendered: $0[3] as String)
            }
        }
        index.reset(rows)
    }

    /// Runs one write on the serialized writer connection; if it fails, the index is
    /// rebuilt from what was committed.
    ///
    /// Each write makes a single change (one INSERT, UPDATE or DELETE), which SQLite
    /// commits as its own transaction when the statement ends. Writes are serialized,
    /// so the checks made before the change (existence, uniqueness through the index)
    /// still hold when it is made, without the cost of BEGIN and COMMIT.
    private func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction(updates)
        } catch {
            try? reloadIndex()
            throw error
        }
    }

    private static let columns = "id, account, name, type, credentials, created_at, updated_at"

    private static func source(from row: Row) -> StoredSource {
        StoredSource(
            id: row[0], account: row[1], name: row[2], type: row[3],
            credentials: StoredSource.credentials(fromJSON: row[4]), createdAt: row[5], updatedAt: row[6])
    }

    /// The JSON of every source of `account` as the API returns it (redacted), in creation order.
    func listRendered(account: String) -> [String] { index.list(account: account) }

    /// The JSON of the source `id` of `account` as the API returns it, if there is one.
    func findRendered(id: String, account: String) -> String? { index.rendered(id: id, account: account) }

    private static func fetch(_ db: Database, id: String, account: String) throws -> StoredSource? {
        let statement = try db.cachedStatement(
            sql: "SELECT \(columns) FROM sources WHERE id = ? AND account = ?")
        return try Row.fetchOne(statement, arguments: [id, account]).map(source(from:))
    }

    private func nameTaken(account: String, name: String, except id: String?) -> Bool {
        guard let other = index.id(named: name, account: account) else { return false }
        return other != id
    }

    /// Creates a source unless `violations` is not empty or the name is taken;
    /// the rejection carries every message at once.
    func create(
        account: String, name: String, type: String, credentials: Credentials, violations: [String]
    ) throws -> WriteOutcome {
        let now = Timestamp.now()
        let id = ids.next(seconds: now)
        return try write { db in
            var messages = violations
            if !name.trimmingWhitespace().isEmpty, self.nameTaken(account: account, name: name, except: nil) {
                messages.append(Self.takenMessage)
            }
            guard messages.isEmpty else { return .rejected(messages) }
            let source = StoredSource(
                id: id, account: account, name: name, type: type, credentials: credentials,
                createdAt: now, updatedAt: now)
            let insert = try db.cachedStatement(
                sql: "INSERT INTO sources (\(Self.columns), rendered) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            let rendered = source.rendered
            try insert.execute(arguments: [
                source.id, account, name, type, source.credentialsJSON, now, now, rendered,
            ])
            self.index.insert(id: id, account: account, name: name, rendered: rendered)
            return .saved(rendered: rendered)
        }
    }

    /// Applies `change` to the source `id` of `account` in one transaction.
    ///
    /// `change` returns the changed source and the rule violations it has; the
    /// store adds the uniqueness check. `updated_at` moves only when something
    /// changed, and always forward (at least one second past the last value).
    func update(
        id: String, account: String,
        change: @escaping @Sendable (StoredSource) -> (StoredSource, [String])
    ) throws -> WriteOutcome {
        let now = Timestamp.now()
        return try write { db in
            guard let existing = try Self.fetch(db, id: id, account: account) else { return .notFound }
            var (updated, messages) = change(existing)
            if updated.name != existing.name, !updated.name.trimmingWhitespace().isEmpty,
                self.nameTaken(account: account, name: updated.name, except: id)
            {
                messages.append(Self.takenMessage)
            }
            guard messages.isEmpty else { return .rejected(messages) }
            let unchanged =
                updated.name == existing.name && updated.type == existing.type
                && updated.credentials == existing.credentials
            if unchanged { return .saved(rendered: existing.rendered) }
            updated.updatedAt = max(now, existing.updatedAt + 1)
            let statement = try db.cachedStatement(
                sql: """
                    UPDATE sources SET name = ?, type = ?, credentials = ?, updated_at = ?, rendered = ?
                    WHERE id = ? AND account = ?
                    """)
            let rendered = updated.rendered
            try statement.execute(arguments: [
                updated.name, updated.type, updated.credentialsJSON, updated.updatedAt, rendered, id, account,
            ])
            self.index.update(id: id, account: account, name: updated.name, rendered: rendered)
            return .saved(rendered: rendered)
        }
    }

    /// Deletes the source `id` of `account`; false when there was none.
    func delete(id: String, account: String) throws -> Bool {
        try write { db in
            let statement = try db.cachedStatement(sql: "DELETE FROM sources WHERE id = ? AND account = ?")
            try statement.execute(arguments: [id, account])
            guard db.changesCount > 0 else { return false }
            self.index.remove(id: id, account: account)
            return true
        }
    }

    /// Closes the database (pending writes are already committed).
    func close() throws {
        if let pool = writer as? DatabasePool {
            try pool.close()
        } else if let queue = writer as? DatabaseQueue {
            try queue.close()
        }
    }
}
