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
        switch key {
        case "source", "name", "source_name": return .name
        case "source_type", "type": return .type
        case "id": return .id
        case "created_at": return .createdAt
        case "updated_at": return .updatedAt
        default: return .credential(key)
        }
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
