/// Keys (YAML) or element names (XML) made into Strings once, with what the readers
/// ask of them: whether a key is a credentials container, and `container.key` made once
/// per pair. The YAML and XML tables find a key by their own means (bytes, or libxml2's
/// interned pointer) and keep its id here.
///
/// Ids from 0 are kept for the whole read; past ``limit`` distinct keys, further keys get
/// negative ids that only last until ``startRecord()``.
struct InternedKeys {
    private struct Entry {
        var string: String
        var isContainer: Bool
        /// `string.key` by the id of `key`, for container keys; filled as met.
        var prefixed: [String?]
    }

    /// The most distinct keys kept.
    let limit: Int
    private var entries: [Entry] = []
    /// Keys met after the table was full, for the current record.
    private var overflow: [String] = []
    private var overflowPrefixes = CredentialKeys()

    init(limit: Int) {
        self.limit = limit
    }

    /// How many keys are kept.
    var count: Int { entries.count }

    /// True when no more keys will be kept.
    var isFull: Bool { entries.count >= limit }

    /// Forgets the keys that did not fit.
    mutating func startRecord() {
        if !overflow.isEmpty { overflow.removeAll(keepingCapacity: true) }
    }

    /// The id for `string`: kept (from 0) when `keep` and there is room, else for the
    /// current record only (negative).
    mutating func add(_ string: String, keep: Bool) -> Int32 {
        guard keep, !isFull else {
            overflow.append(string)
            return -Int32(overflow.count)
        }
        let container = CredentialKeys.isContainer(string)
        entries.append(
            Entry(
                string: string, isContainer: container, prefixed: container ? Array(repeating: nil, count: limit) : []))
        return Int32(entries.count - 1)
    }

    /// The key `id` stands for.
    @inline(__always)
    func string(_ id: Int32) -> String {
        id >= 0 ? entries[Int(id)].string : overflow[Int(-id) - 1]
    }

    /// True when key `id` is a credentials container (``CredentialKeys/isContainer(_:)``).
    @inline(__always)
    func isContainer(_ id: Int32) -> Bool {
        id >= 0 ? entries[Int(id)].isContainer : CredentialKeys.isContainer(overflow[Int(-id) - 1])
    }

    /// `container.key`.
    mutating func prefixed(_ container: Int32, _ key: Int32) -> String {
        if container >= 0, key >= 0, entries[Int(container)].isContainer {
            if let known = entries[Int(container)].prefixed[Int(key)] { return known }
            let made = entries[Int(container)].string + "." + entries[Int(key)].string
            entries[Int(container)].prefixed[Int(key)] = made
            return made
        }
        return overflowPrefixes.prefixed(string(container), string(key))
    }
}
