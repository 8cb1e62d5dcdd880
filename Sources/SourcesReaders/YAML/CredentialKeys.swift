import SourcesCore

/// Names credential fields (`credentials.bucket`) without building the same string for
/// every record: keys repeat from record to record, so each prefixed key is made once
/// (up to ``limit`` distinct keys; past that they are built each time).
struct CredentialKeys {
    /// The most distinct keys kept.
    static let limit = 512

    private var cache: [String: [String: String]] = [:]
    private var kept = 0

    /// `prefix.key`.
    mutating func prefixed(_ prefix: String, _ key: String) -> String {
        if let known = cache[prefix]?[key] { return known }
        let made = prefix + "." + key
        if kept < Self.limit {
            cache[prefix, default: [:]][key] = made
            kept += 1
        }
        return made
    }

    /// True for `credentials` and `credential_attributes`, matched as field names are
    /// (``FieldRole/canonicalKey(_:)``: any case, spaces and hyphens read as underscores),
    /// as the JSON reader matches them: the mappings or elements whose entries are
    /// credential fields.
    static func isContainer(_ key: String) -> Bool {
        if key == "credentials" || key == "credential_attributes" { return true }
        let canonical = FieldRole.canonicalKey(key)
        return canonical == "credentials" || canonical == "credential_attributes"
    }
}
