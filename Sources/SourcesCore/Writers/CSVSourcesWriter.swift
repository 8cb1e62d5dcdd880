import Foundation

/// Writes sources as CSV: `source`, `source_type`, the API metadata columns when any
/// source has them, then one column per credential attribute (in order of first use).
///
/// Fields are quoted when they hold a comma, a quote, a line break or surrounding
/// white space. Values are written as they are (no spreadsheet escaping): this is
/// data for this tool, so a secret that starts with `+` survives the round trip.
public struct CSVSourcesWriter: SourcesWriter {
    public static let formatName = "csv"

    /// Header names that a credential column must not take bare.
    private static let reserved: Set<String> = ["source", "name", "source_type", "type", "id", "created_at", "updated_at"]

    public init() {}

    public func render(_ sources: [Source], metadata: ExportMetadata) -> String {
        var credentialKeys: [String] = []
        var seen: Set<String> = []
        for source in sources {
            for key in source.credentials.keys where seen.insert(key).inserted { credentialKeys.append(key) }
        }
        let hasID = sources.contains { $0.id != nil }
        let hasCreated = sources.contains { $0.createdAt != nil }
        let hasUpdated = sources.contains { $0.updatedAt != nil }
        var header = ["source", "source_type"]
        if hasID { header.append("id") }
        if hasCreated { header.append("created_at") }
        if hasUpdated { header.append("updated_at") }
        header += credentialKeys.map { Self.reserved.contains($0) || $0.contains(".") ? "credentials.\($0)" : $0 }
        var out = header.map(Self.field).joined(separator: ",") + "\r\n"
        for source in sources {
            var row = [source.name, source.type]
            if hasID { row.append(source.id ?? "") }
            if hasCreated { row.append(source.createdAt ?? "") }
            if hasUpdated { row.append(source.updatedAt ?? "") }
            row += credentialKeys.map { source.credentials[$0] ?? "" }
            out += row.map { Self.field(WriterRegistry.protect($0)) }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// One CSV field, quoted when it needs to be.
    public static func field(_ value: String) -> String {
        let needsQuotes = value.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
            || value.first?.isWhitespace == true || value.last?.isWhitespace == true
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
