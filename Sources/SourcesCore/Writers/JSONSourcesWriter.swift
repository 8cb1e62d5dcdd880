/// Writes the export envelope:
/// `{"kind": "imageboss-sources", "version": 1, "exported_at"?, "endpoint"?, "count", "sources": [...]}`.
///
/// Each source is `{"id"?, "source", "source_type", "credentials", "created_at"?, "updated_at"?}`,
/// the API's own shape, one per line so that diffs of two exports read well.
public struct JSONSourcesWriter: SourcesWriter {
    public static let formatName = "json"

    public init() {}

    public func render(_ sources: [Source], metadata: ExportMetadata) -> String {
        var out = "{\n"
        out += "  \"kind\": \(JSONText.quote(WriterRegistry.kind)),\n"
        out += "  \"version\": \(WriterRegistry.version),\n"
        if let exportedAt = metadata.exportedAt { out += "  \"exported_at\": \(JSONText.quote(exportedAt)),\n" }
        if let endpoint = metadata.endpoint { out += "  \"endpoint\": \(JSONText.quote(endpoint)),\n" }
        out += "  \"count\": \(sources.count),\n"
        out += "  \"sources\": ["
        for (i, source) in sources.enumerated() {
            out += i == 0 ? "\n    " : ",\n    "
            out += Self.object(for: source, keepingReferences: metadata.keepsVariableReferences)
        }
        out += sources.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    /// One source in the API's JSON shape, on one line (see
    /// ``ExportMetadata/keepsVariableReferences`` for `keepingReferences`).
    public static func object(for source: Source, keepingReferences: Bool = false) -> String {
        let protect = ExportMetadata(keepsVariableReferences: keepingReferences).protect
        var members: [(String, String)] = []
        if let id = source.id { members.append(("id", JSONText.quote(id))) }
        members.append(("source", JSONText.quote(protect(source.name))))
        members.append(("source_type", JSONText.quote(protect(source.type))))
        members.append(
            ("credentials", JSONText.object(source.credentials.map { ($0.key, JSONText.quote(protect($0.value))) })))
        if let created = source.createdAt { members.append(("created_at", JSONText.quote(created))) }
        if let updated = source.updatedAt { members.append(("updated_at", JSONText.quote(updated))) }
        return JSONText.object(members)
    }
}
