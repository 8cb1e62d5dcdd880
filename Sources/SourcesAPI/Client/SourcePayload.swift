public import SourcesCore

/// The JSON bodies the client sends and the decoding of the bodies it receives.
///
/// The redaction placeholder `****` is never written into a request: a credential
/// holding exactly that value is dropped (the server then keeps its stored value,
/// or its 422 names the missing field).
public enum SourcePayload {
    /// `{"source": {"source", "source_type", "credential_attributes": {...}}}`.
    public static func createBody(for source: Source) -> JSONValue {
        .object([
            (
                "source",
                .object([
                    ("source", .string(source.name)),
                    ("source_type", .string(source.type)),
                    ("credential_attributes", credentialObject(source.credentials)),
                ])
            )
        ])
    }

    /// `{"source": {"source"?: name, "credential_attributes": {...}}}`.
    public static func updateBody(name: String?, credentials: Credentials) -> JSONValue {
        var inner: [(String, JSONValue)] = []
        if let name { inner.append(("source", .string(name))) }
        inner.append(("credential_attributes", credentialObject(credentials)))
        return .object([("source", .object(inner))])
    }

    /// The credentials as a JSON object in their order, without any `****` value.
    public static func credentialObject(_ credentials: Credentials) -> JSONValue {
        .object(credentials.filter { !SecretAttributes.isRedacted($0.value) }.map { ($0.key, .string($0.value)) })
    }

    /// Why a response body is not a source as the API documents it.
    public struct DecodingFailure: Error, Sendable, Equatable, CustomStringConvertible {
        /// A short reason that quotes no value.
        public var reason: String
        public var description: String { reason }
    }

    /// Decodes one source object: `id`, `source`, `source_type`, `credentials`
    /// (order kept; non-string scalars kept as their JSON text), `created_at`, `updated_at`.
    public static func decodeSource(_ value: JSONValue) throws(DecodingFailure) -> Source {
        guard case .object = value else { throw DecodingFailure(reason: "expected a source object, got \(value.kind)") }
        guard let name = value["source"]?.stringValue else {
            throw DecodingFailure(reason: "source object without a string 'source'")
        }
        guard let type = value["source_type"]?.stringValue else {
            throw DecodingFailure(reason: "source object without a string 'source_type'")
        }
        var credentials = Credentials()
        switch value["credentials"] ?? value["credential_attributes"] {
        case .object(let members)?:
            for (key, item) in members {
                if let text = item.scalarText {
                    credentials[key] = text
                } else if item.isContainer {
                    throw DecodingFailure(reason: "credential '\(key)' is \(item.kind), not a string")
                }
            }
        case .null?, nil: break
        case let other?: throw DecodingFailure(reason: "'credentials' is \(other.kind), not an object")
        }
        return Source(
            name: name, type: type, credentials: credentials, id: idString(value["id"]),
            createdAt: value["created_at"]?.stringValue, updatedAt: value["updated_at"]?.stringValue)
    }

    /// Decodes the list response: a bare JSON array of sources.
    public static func decodeList(_ value: JSONValue) throws(DecodingFailure) -> [Source] {
        guard case .array(let items) = value else {
            throw DecodingFailure(reason: "expected an array of sources, got \(value.kind)")
        }
        var out: [Source] = []
        out.reserveCapacity(items.count)
        for item in items { out.append(try decodeSource(item)) }
        return out
    }

    /// The `errors` of an error body (`{"errors": ["…"]}`), verbatim; nil when the body
    /// is not that shape. A single string `error` is accepted too.
    public static func errorMessages(_ value: JSONValue) -> [String]? {
        if case .array(let items)? = value["errors"] {
            return items.map { item in
                if let s = item.stringValue { return s }
                if let detail = item["detail"]?.stringValue ?? item["message"]?.stringValue { return detail }
                return item.serialized
            }
        }
        if let single = value["error"]?.stringValue { return [single] }
        return nil
    }

    private static func idString(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?: s
        case .number(let n)?: n
        default: nil
        }
    }
}
