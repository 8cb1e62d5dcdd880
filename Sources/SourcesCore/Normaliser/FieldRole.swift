/// What a raw key means once aliases, case and nesting are resolved.
public enum FieldRole: Sendable, Equatable, Hashable {
    /// The source name (`source`, `name`).
    case name
    /// The source type (`source_type`, `type`).
    case type
    /// The API's id.
    case id
    /// The API's creation time.
    case createdAt
    /// The API's last update time.
    case updatedAt
    /// A credential attribute, by its canonical name.
    case credential(String)

    /// The canonical field name diagnostics and locations use.
    public var fieldName: String {
        switch self {
        case .name: "source"
        case .type: "source_type"
        case .id: "id"
        case .createdAt: "created_at"
        case .updatedAt: "updated_at"
        case .credential(let key): key
        }
    }

    /// The role of a key as written: matched case-insensitively, with spaces and
    /// hyphens read as underscores, and a `credentials.` or `credential_attributes.`
    /// prefix marking a credential.
    public static func resolve(_ rawKey: String) -> FieldRole {
        var key = canonicalKey(rawKey)
        for prefix in ["credentials.", "credential_attributes."] where key.hasPrefix(prefix) {
            key.removeFirst(prefix.count)
            return .credential(key)
        }
        return topLevelNames.first { $0.key == key }?.role ?? .credential(key)
    }

    /// Every key (canonical: lowercase, `_` for spaces and hyphens) that names a field
    /// other than a credential, aliases included; README's "Input formats" lists them.
    public static let topLevelNames: [(key: String, role: FieldRole)] = [
        ("source", .name), ("name", .name), ("source_name", .name),
        ("source_type", .type), ("type", .type),
        ("id", .id), ("created_at", .createdAt), ("updated_at", .updatedAt),
    ]

    /// Every credential attribute some source type uses.
    public static let knownAttributes: Set<String> = Set(SourceType.allCases.flatMap(\.knownAttributeList))

    /// Every key a field can be written with (canonical), for suggestions: the top-level
    /// names and aliases, then the credential attributes.
    public static let knownKeys: [String] =
        topLevelNames.map(\.key)
        + SourceType.allCases.flatMap(\.knownAttributeList).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }

    /// `rawKey` lowercased and trimmed, with spaces and hyphens as underscores.
    public static func canonicalKey(_ rawKey: String) -> String {
        var out = ""
        out.reserveCapacity(rawKey.utf8.count)
        var pendingSpace = false
        for scalar in rawKey.unicodeScalars {
            if scalar == " " || scalar == "\t" {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append("_")
                pendingSpace = false
            }
            if scalar == "-" {
                out.append("_")
            } else {
                out.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        }
        return out
    }
}
