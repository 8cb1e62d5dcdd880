import Glibc

/// The keys of YAML mappings, each made into a String once: keys repeat in every record,
/// so a key's bytes are looked up (by a small hash of length, first and last byte, then
/// compared) instead of decoded again. Past ``limit`` distinct keys, further keys are
/// made each time and only live for the current record.
struct YAMLKeyTable {
    /// The most distinct keys kept.
    static let limit = 1024
    private static let slotCount = 256

    private struct Entry {
        var bytes: [UInt8]
        var string: String
        var isContainer: Bool
        /// `sources`, in any case (the key of the list in an envelope).
        var isSources: Bool
        /// `string.key` by the id of `key`, for container keys; filled as met.
        var prefixed: [String?]
    }

    private var entries: [Entry] = []
    /// The entry last found for each hash value.
    private var slots = [Int32](repeating: -1, count: slotCount)
    /// Keys met after the table was full, for the current record.
    private var overflow: [String] = []
    private var overflowPrefixes = CredentialKeys()

    /// Forgets the keys that did not fit in the table.
    mutating func startRecord() {
        if !overflow.isEmpty { overflow.removeAll(keepingCapacity: true) }
    }

    /// The id of the key whose UTF-8 bytes are `count` bytes at `bytes`.
    mutating func intern(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int32 {
        let slot = count == 0
            ? 0 : (count &* 37 ^ Int(bytes[0]) &* 11 ^ Int(bytes[count - 1])) & (Self.slotCount - 1)
        let hinted = slots[slot]
        if hinted >= 0, matches(Int(hinted), bytes, count) { return hinted }
        for i in entries.indices where matches(i, bytes, count) {
            slots[slot] = Int32(i)
            return Int32(i)
        }
        let buffer = UnsafeBufferPointer(start: bytes, count: count)
        let string = String(decoding: buffer, as: UTF8.self)
        guard entries.count < Self.limit else {
            overflow.append(string)
            return -Int32(overflow.count)
        }
        let container = CredentialKeys.isContainer(string)
        entries.append(Entry(
            bytes: Array(buffer), string: string, isContainer: container, isSources: Self.isSources(string),
            prefixed: container ? Array(repeating: nil, count: Self.limit) : []))
        slots[slot] = Int32(entries.count - 1)
        return Int32(entries.count - 1)
    }

    @inline(__always)
    private func matches(_ entry: Int, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard entries[entry].bytes.count == count else { return false }
        return entries[entry].bytes.withUnsafeBufferPointer { stored in
            guard let base = stored.baseAddress else { return true }  // both empty
            return memcmp(base, bytes, count) == 0
        }
    }

    /// The key `id` stands for.
    @inline(__always)
    func string(_ id: Int32) -> String {
        id >= 0 ? entries[Int(id)].string : overflow[Int(-id) - 1]
    }

    /// True when key `id` is `credentials` or `credential_attributes` (any case).
    @inline(__always)
    func isContainer(_ id: Int32) -> Bool {
        id >= 0 ? entries[Int(id)].isContainer : CredentialKeys.isContainer(overflow[Int(-id) - 1])
    }

    /// True when key `id` is `sources`, in any case.
    @inline(__always)
    func isSources(_ id: Int32) -> Bool {
        id >= 0 ? entries[Int(id)].isSources : Self.isSources(overflow[Int(-id) - 1])
    }

    private static func isSources(_ key: String) -> Bool {
        key.count == 7 && key.lowercased() == "sources"
    }

    /// `container.key`, for a `container` for which ``isContainer(_:)`` is true.
    mutating func prefixed(_ container: Int32, _ key: Int32) -> String {
        if container >= 0, key >= 0 {
            if let known = entries[Int(container)].prefixed[Int(key)] { return known }
            let made = entries[Int(container)].string + "." + entries[Int(key)].string
            entries[Int(container)].prefixed[Int(key)] = made
            return made
        }
        return overflowPrefixes.prefixed(string(container), string(key))
    }
}
