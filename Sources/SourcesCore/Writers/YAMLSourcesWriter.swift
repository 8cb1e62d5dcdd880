/// Writes the export envelope as YAML: `kind`, `version`, metadata, then `sources:`,
/// one mapping per source with its `credentials:` nested.
///
/// Every string is double-quoted with escapes, so no value is ever re-typed by a
/// YAML reader (`0777`, `no`, `1e3` stay strings) and any text survives.
public struct YAMLSourcesWriter: SourcesWriter {
    public static let formatName = "yaml"

    public init() {}

    public func render(_ sources: [Source], metadata: ExportMetadata) -> String {
        var out = "kind: \(Self.quote(WriterRegistry.kind))\nversion: \(WriterRegistry.version)\n"
        if let exportedAt = metadata.exportedAt { out += "exported_at: \(Self.quote(exportedAt))\n" }
        if let endpoint = metadata.endpoint { out += "endpoint: \(Self.quote(endpoint))\n" }
        out += "count: \(sources.count)\n"
        guard !sources.isEmpty else { return out + "sources: []\n" }
        out += "sources:\n"
        for source in sources {
            var first = true
            func line(_ key: String, _ value: String) {
                out += (first ? "  - " : "    ") + key + ": " + Self.quote(metadata.protect(value)) + "\n"
                first = false
            }
            if let id = source.id { line("id", id) }
            line("source", source.name)
            line("source_type", source.type)
            if let created = source.createdAt { line("created_at", created) }
            if let updated = source.updatedAt { line("updated_at", updated) }
            if source.credentials.isEmpty {
                out += "    credentials: {}\n"
            } else {
                out += "    credentials:\n"
                for (key, value) in source.credentials {
                    out += "      " + Self.quote(key) + ": " + Self.quote(metadata.protect(value)) + "\n"
                }
            }
        }
        return out
    }

    /// `value` as a YAML double-quoted scalar: a JSON string literal is one (``JSONText``
    /// escapes every character YAML would not take as it is).
    public static func quote(_ value: String) -> String { JSONText.quote(value) }
}
