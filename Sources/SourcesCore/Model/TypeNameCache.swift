/// ``SourceType/resolve(_:)`` with the last few type names remembered by their bytes:
/// inputs repeat the same few names record after record. The normaliser keeps one
/// (names as Strings) and so does the row screen (names as bytes of a row).
struct TypeNameCache {
    /// The most names remembered.
    static let limit = 16
    private var entries: [(name: [UInt8], type: SourceType?)] = []

    /// What the type name whose UTF-8 bytes are `name` resolves to.
    mutating func resolve<Bytes: Collection<UInt8>>(_ name: Bytes) -> SourceType? {
        for entry in entries where name.elementsEqual(entry.name) { return entry.type }
        let type = SourceType.resolve(String(decoding: name, as: UTF8.self))
        if entries.count >= Self.limit { entries.removeFirst() }
        entries.append((Array(name), type))
        return type
    }
}
