#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The keys of YAML mappings, each made into a String once: keys repeat in every record,
/// so a key's bytes are looked up (by a small hash of length, first and last byte, then
/// compared) instead of decoded again. Past ``limit`` distinct keys, further keys are
/// made each time and only live for the current record.
struct YAMLKeyTable {
    /// The most distinct keys kept.
    static let limit = 1024
    private static let slotCount = 256

    /// Each kept key's bytes and whether it is `sources` (any case), by id.
    private var bytes: [[UInt8]] = []
    private var sources: [Bool] = []
    /// The entry last found for each hash value.
    private var slots = [Int32](repeating: -1, count: slotCount)
    private var keys = InternedKeys(limit: limit)

    /// Forgets the keys that did not fit in the table.
    mutating func startRecord() { keys.startRecord() }

    /// The id of the key whose UTF-8 bytes are `count` bytes at `bytes`.
    mutating func intern(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int32 {
        let slot =
            count == 0
            ? 0 : (count &* 37 ^ Int(bytes[0]) &* 11 ^ Int(bytes[count - 1])) & (Self.slotCount - 1)
        let hinted = slots[slot]
        if hinted >= 0, matches(Int(hinted), bytes, count) { return hinted }
        for i in self.bytes.indices where matches(i, bytes, count) {
            slots[slot] = Int32(i)
            return Int32(i)
        }
        let buffer = UnsafeBufferPointer(start: bytes, count: count)
        let string = String(decoding: buffer, as: UTF8.self)
        let id = keys.add(string, keep: true)
        if id >= 0 {
            self.bytes.append(Array(buffer))
            sources.append(Self.isSources(string))
            slots[slot] = id
        }
        return id
    }

    @inline(__always)
    private func matches(_ entry: Int, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard self.bytes[entry].count == count else { return false }
        return self.bytes[entry].withUnsafeBufferPointer { stored in
            guard let base = stored.baseAddress else { return true }  // both empty
            return memcmp(base, bytes, count) == 0
        }
    }

    /// The key `id` stands for.
    @inline(__always)
    func string(_ id: Int32) -> String { keys.string(id) }

    /// True when key `id` is a credentials container (``CredentialKeys/isContainer(_:)``).
    @inline(__always)
    func isContainer(_ id: Int32) -> Bool { keys.isContainer(id) }

    /// True when key `id` is `sources`, in any case.
    @inline(__always)
    func isSources(_ id: Int32) -> Bool {
        id >= 0 ? sources[Int(id)] : Self.isSources(keys.string(id))
    }

    /// True when `key` is `sources`, in any case: the envelope key that holds the list.
    static func isSources(_ key: String) -> Bool {
        key.count == 7 && key.lowercased() == "sources"
    }

    /// `container.key`, for a `container` for which ``isContainer(_:)`` is true.
    mutating func prefixed(_ container: Int32, _ key: Int32) -> String { keys.prefixed(container, key) }
}
