/// The names seen so far and where each was first written, for duplicate detection
/// across a whole run.
///
/// A million-record input keeps a million names, so this is built for that: the
/// names' bytes live end to end in one array, and an open-addressing table of 8-byte
/// slots (a hash tag and an entry number) finds them. Adding a new name costs one
/// hash over its bytes and, nearly always, one probe; no String is hashed or kept.
final class NameTable {
    private struct Slot {
        /// The low 32 bits of the name's hash (to skip most byte comparisons).
        var tag: UInt32
        /// The entry's number plus one; 0 for an empty slot.
        var entry: UInt32
    }

    private struct Entry {
        var start: Int
        var length: Int
        var location: PackedLocation
    }

    private var slots: PageAlignedBuffer<Slot>
    private var mask: Int
    private var entries: [Entry] = []
    private var bytes: [UInt8] = []
    /// Keeps ``prefetch(_:)``'s loads from being optimised away.
    private var sink: UInt32 = 0

    /// An empty table.
    init() {
        slots = PageAlignedBuffer(count: 16, zero: Slot(tag: 0, entry: 0))
        mask = 15
    }

    /// How many names it holds.
    var count: Int { entries.count }

    /// Makes room for `additional` more names without growing.
    func reserveCapacity(_ additional: Int) {
        let wanted = (entries.count + additional) * 4 / 3 + 1
        if wanted > slots.count { rebuild(capacity: wanted) }
        entries.reserveCapacity(entries.count + additional)
        bytes.reserveCapacity(bytes.count + additional * 12)
    }

    /// Adds `name`, first written at `location`, unless it is there already.
    ///
    /// - Parameter hash: ``hash(_:)`` of `name`.
    /// - Returns: nil when the name is new; else where it was first written.
    func insert(_ name: String, hash: UInt64, at location: PackedLocation) -> PackedLocation? {
        var name = name
        return name.withUTF8 { [self] in insert($0, hash: hash, at: location) }
    }

    /// ``insert(_:hash:at:)`` for a name's UTF-8 bytes.
    func insert(_ name: UnsafeBufferPointer<UInt8>, hash: UInt64, at location: PackedLocation) -> PackedLocation? {
        let tag = UInt32(truncatingIfNeeded: hash)
        var index = Self.slotIndex(hash, mask: mask)
        while true {
            let slot = slots[index]
            if slot.entry == 0 { break }
            if slot.tag == tag {
                let entry = entries[Int(slot.entry) - 1]
                if entry.length == name.count,
                    bytes.withUnsafeBufferPointer({ stored in
                        name.elementsEqual(
                            UnsafeBufferPointer(rebasing: stored[entry.start..<(entry.start + entry.length)]))
                    })
                {
                    return entry.location
                }
            }
            index = (index + 1) & mask
        }
        entries.append(Entry(start: bytes.count, length: name.count, location: location))
        bytes.append(contentsOf: name)
        slots[index] = Slot(tag: tag, entry: UInt32(truncatingIfNeeded: entries.count))
        if entries.count * 4 > slots.count * 3 { rebuild(capacity: slots.count * 2) }
        return nil
    }

    /// Touches the home slot of each name (by ``hash(_:)``), so that a run of inserts that follows
    /// finds them in the cache: the loads here do not depend on each other, so the
    /// processor overlaps their waits (a large table misses the cache on nearly every
    /// insert otherwise).
    func prefetch(_ hashes: [UInt64]) {
        var touched: UInt32 = 0
        let mask = mask
        let slots = slots
        hashes.withUnsafeBufferPointer { hashes in
            for hash in hashes { touched &+= slots[Self.slotIndex(hash, mask: mask)].entry }
        }
        sink = touched
    }

    /// Re-lays the slots for at least `capacity` of them (a power of two).
    private func rebuild(capacity: Int) {
        var size = 16
        while size < capacity { size <<= 1 }
        let fresh = PageAlignedBuffer(count: size, zero: Slot(tag: 0, entry: 0))
        let freshMask = size - 1
        bytes.withUnsafeBufferPointer { stored in
            for (number, entry) in entries.enumerated() {
                let hash = Self.hash(UnsafeBufferPointer(rebasing: stored[entry.start..<(entry.start + entry.length)]))
                var index = Self.slotIndex(hash, mask: freshMask)
                while fresh[index].entry != 0 { index = (index + 1) & freshMask }
                fresh[index] = Slot(
                    tag: UInt32(truncatingIfNeeded: hash), entry: UInt32(truncatingIfNeeded: number + 1))
            }
        }
        slots = fresh
        mask = freshMask
    }

    /// The hash ``insert(_:hash:at:)`` and ``prefetch(_:)`` take.
    static func hash(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { hash($0) }
    }

    /// FNV-1a over the bytes: names are short, and this is fast and stable.
    static func hash(_ name: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01b3
        }
        return h
    }

    /// The home slot: the hash's high bits after a multiplicative mix (FNV's low bits
    /// vary too little between names that differ only at the end).
    private static func slotIndex(_ hash: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: ((hash ^ (hash >> 29)) &* 0x9e37_79b9_7f4a_7c15) >> 32) & mask
    }
}
