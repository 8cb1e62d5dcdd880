import SourcesCore

/// A source as the emulator keeps it: the account it belongs to and its
/// timestamps (seconds since 1970, UTC) besides the API's fields.
struct StoredSource: Sendable, Equatable {
    var id: String
    var account: String
    var name: String
    var type: String
    var credentials: Credentials
    var createdAt: Int64
    var updatedAt: Int64

    /// The order the API writes credential attributes in (the seed shows
    /// `bucket, region, access_key_id, secret_access_key, require_token, secret_token`).
    static let responseOrder: [String] = [
        "bucket", "region", "endpoint", "url", "account_name", "service_type", "container_name", "share_name",
        "access_key_id", "access_key", "secret_access_key", "secret", "sas_token", "require_token", "secret_token",
    ]

    /// Writes the source as the API returns it, with provider secrets redacted.
    func writeJSON(into writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("id")
        writer.string(id)
        writer.raw(",")
        writer.key("source")
        writer.string(name)
        writer.raw(",")
        writer.key("source_type")
        writer.string(type)
        writer.raw(",")
        writer.key("credentials")
        writer.raw("{")
        var first = true
        func member(_ key: String, _ value: String) {
            if !first { writer.raw(",") }
            first = false
            writer.key(key)
            writer.string(SecretAttributes.redactedByAPI.contains(key) ? SecretAttributes.placeholder : value)
        }
        for key in Self.responseOrder {
            if let value = credentials[key] { member(key, value) }
        }
        for (key, value) in credentials where !Self.responseOrder.contains(key) { member(key, value) }
        writer.raw("},")
        writer.key("created_at")
        writer.string(Timestamp.iso8601(createdAt))
        writer.raw(",")
        writer.key("updated_at")
        writer.string(Timestamp.iso8601(updatedAt))
        writer.raw("}")
    }

    /// The source as the API returns it (redacted), as JSON text.
    var rendered: String {
        var writer = JSONWriter(capacity: 400)
        writeJSON(into: &writer)
        return writer.text
    }

    /// The credentials as stored in the database: a JSON object in insertion order, unredacted.
    var credentialsJSON: String {
        var writer = JSONWriter(capacity: 128)
        writer.raw("{")
        for (i, (key, value)) in credentials.enumerated() {
            if i > 0 { writer.raw(",") }
            writer.key(key)
            writer.string(value)
        }
        writer.raw("}")
        return writer.text
    }

    /// Reads credentials written by ``credentialsJSON``.
    static func credentials(fromJSON text: String) -> Credentials {
        guard case .object(let members)? = try? JSONParser.parse(Array(text.utf8)) else { return [:] }
        return Credentials(members.compactMap { m in m.value.scalarText.map { (m.key, $0) } })
    }
}
