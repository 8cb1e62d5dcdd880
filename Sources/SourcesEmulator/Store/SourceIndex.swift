import SourcesCore

/// The read side of the store: every account's sources, rendered as the API
/// returns them, in creation order, kept in memory.
///
/// Only ``SourceStore`` changes it, inside its write transactions (which SQLite
/// serializes), so it always matches what was committed; reads take a lock and no
/// database access.
final class SourceIndex: Sendable {
    private struct Entry {
        var name: String
        var rendered: String
    }

    private struct Account {
        var ids: [String] = []
        var entries: [String: Entry] = [:]
        var idByName: [String: String] = [:]
    }

    private let accounts = Locked([String: Account]())

    /// The rendered sources of `account`, in creation order.
    func list(account: String) -> [String] {
        accounts.withLock { all in
            guard let sources = all[account] else { return [] }
            return sources.ids.compactMap { sources.entries[$0]?.rendered }
        }
    }

    /// The rendered source `id` of `account`.
    func rendered(id: String, account: String) -> String? {
        accounts.withLock { $0[account]?.entries[id]?.rendered }
    }

    /// The id of the source of `account` called `name`.
    func id(named name: String, account: String) -> String? {
        accounts.withLock { $0[account]?.idByName[name] }
    }

    /// Adds a new source (the newest of its account).
    func insert(id: String, account: String, name: String, rendered: String) {
        accounts.withLock { all in
            all[account, default: Account()].ids.append(id)
            all[account, default: Account()].entries[id] = Entry(name: name, rendered: rendered)
            all[account, default: Account()].idByName[name] = id
        }
    }

    /// Replaces a source, keeping its place in the order.
    func update(id: String, account: String, name: String, rendered: String) {
        accounts.withLock { all in
            guard var sources = all[account], let old = sources.entries[id] else { return }
            if old.name != name {
                sources.idByName[old.name] = nil
                sources.idByName[name] = id
            }
            sources.entries[id] = Entry(name: name, rendered: rendered)
            all[account] = sources
        }
    }

    /// Removes a source.
    func remove(id: String, account: String) {
        accounts.withLock { all in
            guard var sources = all[account], let old = sources.entries.removeValue(forKey: id) else { return }
            sources.idByName[old.name] = nil
            sources.ids.removeAll { $0 == id }
            all[account] = sources
        }
    }

    /// Replaces everything with `rows` (id, account, name, rendered), given in creation order.
    func reset(_ rows: [(id: String, account: String, name: String, rendered: String)]) {
        var fresh: [String: Account] = [:]
        for row in rows {
            fresh[row.account, default: Account()].ids.append(row.id)
            fresh[row.account, default: Account()].entries[row.id] = Entry(name: row.name, rendered: row.rendered)
            fresh[row.account, default: Account()].idByName[row.name] = row.id
        }
        accounts.withLock { $0 = fresh }
    }
}
