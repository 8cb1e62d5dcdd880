import SourcesCore

/// The `source` object of a create or update request, as sent.
///
/// Shape errors that make the request unreadable (not JSON, no `source` object)
/// are a ``BadRequest``; values of the wrong kind are ``problems`` (422), worded
/// like the API's other messages.
struct SourcePayload {
    /// Why a body was refused with 400.
    struct BadRequest: Error {
        var message: String
    }

    /// A field that is present (possibly null).
    enum Field {
        case absent
        case value(String?)
    }

    var name: Field = .absent
    var type: Field = .absent
    /// `credential_attributes` members in the order sent (null values kept, meaning "remove").
    var credentials: [(key: String, value: JSONValue)] = []
    /// Fields with a value of the wrong kind, and the message for each.
    var problems: [(field: String, message: String)] = []

    static let missingSource = "param is missing or the value is empty: source"

    /// Parses a request body.
    static func parse(_ bytes: [UInt8]) throws(BadRequest) -> SourcePayload {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            if bytes.allSatisfy(ASCIIWhitespace.contains) { throw BadRequest(message: missingSource) }
            throw BadRequest(message: "Request body is not valid JSON: \(error.reason) at byte \(error.offset)")
        }
        // Like Rails' `params.require(:source)`: absent, not an object, or empty is a 400.
        guard case .object(let members)? = root["source"], !members.isEmpty else {
            throw BadRequest(message: missingSource)
        }
        var payload = SourcePayload()
        payload.name = field(members, "source", message: "Source must be a string", into: &payload.problems)
        payload.type = field(members, "source_type", message: "Source type must be a string", into: &payload.problems)
        switch members.last(where: { $0.key == "credential_attributes" })?.value {
        case .object(let credentials)?:
            var seen = Set<String>()
            for member in credentials.reversed() where seen.insert(member.key).inserted {
                payload.credentials.insert(member, at: 0)
            }
        case nil, .null?:
            break
        default:
            payload.problems.append(("credential_attributes", "Credential attributes must be an object"))
        }
        return payload
    }

    private static func field(
        _ members: [(key: String, value: JSONValue)], _ key: String, message: String,
        into problems: inout [(field: String, message: String)]
    ) -> Field {
        guard let value = members.last(where: { $0.key == key })?.value else { return .absent }
        if value.isContainer {
            problems.append((key, message))
            return .absent
        }
        return .value(value.scalarText)
    }

    /// Merges the sent credentials into `credentials`, keeping only attributes
    /// `type` knows (the others are dropped, as strong parameters would). A null
    /// removes the attribute; an array or object is a problem.
    func merge(
        into credentials: inout Credentials, type: SourceType?, problems: inout [(field: String, message: String)]
    ) {
        guard let type else { return }
        let known = type.knownAttributeList
        for (key, value) in self.credentials where known.contains(key) {
            if value.isContainer {
                problems.append((key, "Credential \(key) must be a string"))
            } else {
                credentials[key] = value.scalarText
            }
        }
    }
}
