/// Writes sources as XML: a root `<sources>` carrying the envelope's metadata as
/// attributes, and one `<source>` element per source with its fields as child
/// elements and its credentials under `<credentials>`.
///
/// Text is escaped (`&`, `<`, `>`, and `\r` as `&#13;` so that line ends survive);
/// XML 1.0 cannot carry other control characters, which the validator never lets through
/// in names and types, and which credentials do not use.
public struct XMLSourcesWriter: SourcesWriter {
    public static let formatName = "xml"

    public init() {}

    public func render(_ sources: [Source], metadata: ExportMetadata) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<sources kind=\"\(WriterRegistry.kind)\" version=\"\(WriterRegistry.version)\""
        if let exportedAt = metadata.exportedAt { out += " exported_at=\"\(Self.escape(exportedAt))\"" }
        if let endpoint = metadata.endpoint { out += " endpoint=\"\(Self.escape(endpoint))\"" }
        out += " count=\"\(sources.count)\">\n"
        for source in sources {
            out += "  <source>\n"
            if let id = source.id { out += Self.element("id", id, indent: 4) }
            out += Self.element("source", source.name, indent: 4, metadata)
            out += Self.element("source_type", source.type, indent: 4, metadata)
            if let created = source.createdAt { out += Self.element("created_at", created, indent: 4) }
            if let updated = source.updatedAt { out += Self.element("updated_at", updated, indent: 4) }
            out += "    <credentials>\n"
            for (key, value) in source.credentials { out += Self.element(key, value, indent: 6, metadata) }
            out += "    </credentials>\n  </source>\n"
        }
        return out + "</sources>\n"
    }

    private static func element(
        _ name: String, _ value: String, indent: Int, _ metadata: ExportMetadata = ExportMetadata()
    ) -> String {
        String(repeating: " ", count: indent) + "<\(name)>\(escape(metadata.protect(value)))</\(name)>\n"
    }

    /// `value` escaped for XML text and attribute values.
    public static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        Escaping.append(value, to: &out) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "\r": "&#13;"
            case "\t": "&#9;"
            case "\n": "&#10;"
            default: nil
            }
        }
        return out
    }
}
