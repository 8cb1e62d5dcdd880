import CLibXML2

/// Element and attribute names as Strings, each made once: libxml2 interns names in
/// its dictionary, so the same name comes at the same pointer for the whole read and
/// is found by pointer (a small hash, then a short list) instead of decoded again.
///
/// Names that are not interned, or met after ``limit`` distinct ones, are made each
/// time and only live for the current record.
struct XMLNameTable {
    /// The most distinct names kept.
    static let limit = 256
    private static let slotCount = 64

    private struct Entry {
        var pointer: UnsafeRawPointer
        var string: String
        var isContainer: Bool
        /// `string.name` by the id of `name`, for container names; filled as met.
        var prefixed: [String?]
    }

    private var entries: [Entry] = []
    /// The entry last found for each hash value.
    private var slots = [Int32](repeating: -1, count: slotCount)
    /// Names made for the current record only.
    private var overflow: [String] = []
    private var overflowPrefixes = CredentialKeys()

    /// Forgets the names kept for the previous record only.
    mutating func startRecord() {
        if !overflow.isEmpty { overflow.removeAll(keepingCapacity: true) }
    }

    /// The id of the name at `pointer`; `reader` tells whether it is interned.
    @inline(__always)
    mutating func id(for pointer: UnsafePointer<xmlChar>, reader: xmlTextReaderPtr) -> Int32 {
        let raw = UnsafeRawPointer(pointer)
        let slot = (Int(bitPattern: raw) >> 3) & (Self.slotCount - 1)
        let hinted = slots[slot]
        if hinted >= 0, entries[Int(hinted)].pointer == raw { return hinted }
        return lookUp(pointer, slot: slot, reader: reader)
    }

    private mutating func lookUp(_ pointer: UnsafePointer<xmlChar>, slot: Int, reader: xmlTextReaderPtr) -> Int32 {
        let raw = UnsafeRawPointer(pointer)
        for i in entries.indices where entries[i].pointer == raw {
            slots[slot] = Int32(i)
            return Int32(i)
        }
        let string = String(cString: pointer)
        guard entries.count < Self.limit, ibs_xml_name_is_interned(reader, pointer) == 1 else {
            overflow.append(string)
            return -Int32(overflow.count)
        }
        let container = CredentialKeys.isContainer(string)
        entries.append(Entry(
            pointer: raw, string: string, isContainer: container,
            prefixed: container ? Array(repeating: nil, count: Self.limit) : []))
        slots[slot] = Int32(entries.count - 1)
        return Int32(entries.count - 1)
    }

    /// The name `id` stands for.
    @inline(__always)
    func string(_ id: Int32) -> String {
        id >= 0 ? entries[Int(id)].string : overflow[Int(-id) - 1]
    }

    /// True when name `id` is `credentials` or `credential_attributes` (any case).
    @inline(__always)
    func isContainer(_ id: Int32) -> Bool {
        id >= 0 ? entries[Int(id)].isContainer : CredentialKeys.isContainer(overflow[Int(-id) - 1])
    }

    /// `container.name`.
    mutating func prefixed(_ container: Int32, _ name: Int32) -> String {
        if container >= 0, name >= 0, entries[Int(container)].isContainer {
            if let known = entries[Int(container)].prefixed[Int(name)] { return known }
            let made = entries[Int(container)].string + "." + entries[Int(name)].string
            entries[Int(container)].prefixed[Int(name)] = made
            return made
        }
        return overflowPrefixes.prefixed(string(container), string(name))
    }
}
