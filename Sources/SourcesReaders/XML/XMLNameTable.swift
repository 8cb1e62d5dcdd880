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

    /// Each kept name's pointer, by id.
    private var pointers: [UnsafeRawPointer] = []
    /// The entry last found for each hash value.
    private var slots = [Int32](repeating: -1, count: slotCount)
    private var names = InternedKeys(limit: limit)

    /// Forgets the names kept for the previous record only.
    mutating func startRecord() { names.startRecord() }

    /// The id of the name at `pointer`; `reader` tells whether it is interned.
    @inline(__always)
    mutating func id(for pointer: UnsafePointer<xmlChar>, reader: xmlTextReaderPtr) -> Int32 {
        let raw = UnsafeRawPointer(pointer)
        let slot = (Int(bitPattern: raw) >> 3) & (Self.slotCount - 1)
        let hinted = slots[slot]
        if hinted >= 0, pointers[Int(hinted)] == raw { return hinted }
        return lookUp(pointer, slot: slot, reader: reader)
    }

    private mutating func lookUp(_ pointer: UnsafePointer<xmlChar>, slot: Int, reader: xmlTextReaderPtr) -> Int32 {
        let raw = UnsafeRawPointer(pointer)
        for i in pointers.indices where pointers[i] == raw {
            slots[slot] = Int32(i)
            return Int32(i)
        }
        let id = names.add(String(cString: pointer), keep: ibs_xml_name_is_interned(reader, pointer) == 1)
        if id >= 0 {
            pointers.append(raw)
            slots[slot] = id
        }
        return id
    }

    /// The name `id` stands for.
    @inline(__always)
    func string(_ id: Int32) -> String { names.string(id) }

    /// True when name `id` is a credentials container (``CredentialKeys/isContainer(_:)``).
    @inline(__always)
    func isContainer(_ id: Int32) -> Bool { names.isContainer(id) }

    /// `container.name`.
    mutating func prefixed(_ container: Int32, _ name: Int32) -> String { names.prefixed(container, name) }
}
