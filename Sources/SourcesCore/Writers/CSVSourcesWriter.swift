import Foundation

/// Writes sources as CSV: `source`, `source_type`, the API metadata columns when any
/// source has them, then one column per credential attribute (in order of first use).
///
/// Fields are quoted as ``CSVText/field(_:)`` says. Values are written as they are (no
/// spreadsheet escaping): this is data for this tool, so a secret that starts with `+` survives the round trip.
public struct CSVSourcesWriter: SourcesWriter {
    public static let formatName = "csv"

    /// Header names that a credential column must not take bare.
    private static let reserved: Set<String> = [
        "source", "name", "source_type", "type", "id", "created_at", "updated_at",
    ]

    /// The API metadata columns, in order; each is written only when some source has it.
    private static let metadataColumns: [(name: String, value: any KeyPath<Source, String?> & Sendable)] = [
        ("id", \.id), ("created_at", \.createdAt), ("updated_at", \.updatedAt),
    ]

    public init() {}

    public func render(_ sources: [Source], metadata: ExportMetadata) -> String {
        var credentialKeys: [String] = []
        var seen: Set<String> = []
        for source in sources {
            for key in source.credentials.keys where seen.insert(key).inserted { credentialKeys.append(key) }
        }
        let metadataColumns = Self.metadataColumns.filter { column in
            sources.contains { $0[keyPath: column.value] != nil }
        }
        let header =
            ["source", "source_type"] + metadataColumns.map(\.name)
            + credentialKeys.map { Self.reserved.contains($0) || $0.contains(".") ? "credentials.\($0)" : $0 }
        var out = header.map(CSVText.field).joined(separator: ",") + "\r\n"
        for source in sources {
            let row =
                [source.name, source.type] + metadataColumns.map { source[keyPath: $0.value] ?? "" }
                + credentialKeys.map { source.credentials[$0] ?? "" }
            out += row.map { CSVText.field(metadata.protect($0)) }.joined(separator: ",") + "\r\n"
        }
        return out
    }
}
