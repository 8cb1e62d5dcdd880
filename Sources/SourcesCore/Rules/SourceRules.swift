import Foundation

/// The rules a source must meet, shared by the validator and the emulator so
/// that there is one definition of them.
public enum SourceRules {
    /// The name rule the official Go client checks: `^[A-Za-z0-9][A-Za-z0-9_-]*$`.
    public static let namePattern = "^[A-Za-z0-9][A-Za-z0-9_-]*$"

    /// The longest name accepted, in characters (bytes: a valid name is ASCII).
    ///
    /// The seed and every public client are silent on a limit. A name is the first segment of
    /// every image URL and the key the API stores a source under; 255 is the bound of a Rails
    /// `string` column (the API words its errors as Rails does) and of a file name on most
    /// systems. Erring high is the safe side: a real limit lower than this turns into a 422
    /// that the report shows, while a limit of ours lower than the API's would refuse names
    /// the account already holds (an export could not be restored).
    public static let maxNameLength = 255

    /// The API's message for a name over ``maxNameLength``, in Rails' words.
    public static let nameTooLongMessage = "Source is too long (maximum is \(maxNameLength) characters)"

    /// Azure's allowed `service_type` values and the attribute each one requires.
    public static let azureServiceTypes: [(value: String, requires: String)] = [
        ("blob", "container_name"), ("file-share", "share_name"),
    ]

    /// True when `name` meets ``namePattern`` and is at most ``maxNameLength`` long.
    public static func isValidName(_ name: String) -> Bool { isValidName(utf8: name.utf8) }

    /// True when the UTF-8 bytes `name` meet ``namePattern`` and are at most ``maxNameLength``.
    @inlinable
    public static func isValidName<Bytes: Collection<UInt8>>(utf8 name: Bytes) -> Bool {
        matchesNamePattern(utf8: name) && name.count <= maxNameLength
    }

    /// True when the UTF-8 bytes `name` meet ``namePattern`` (whatever their length).
    @inlinable
    public static func matchesNamePattern<Bytes: Collection<UInt8>>(utf8 name: Bytes) -> Bool {
        guard let first = name.first, isAlnum(first) else { return false }
        return name.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    @usableFromInline
    static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }

    /// True when `value` is nil, empty or only white space.
    public static func isBlank(_ value: String?) -> Bool {
        guard let value else { return true }
        return value.utf8.allSatisfy(ASCIIWhitespace.contains)
    }

    /// True when `value` is an absolute `http` or `https` URL with a host.
    public static func isValidProxyURL(_ value: String) -> Bool {
        // A quick exact check first; URLComponents only for what it does not settle.
        switch plainProxyURLCheck(utf8: value.utf8) {
        case true?: return true
        case false?: return false
        case nil: break
        }
        guard let components = URLComponents(string: value),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    /// The part of ``isValidProxyURL(_:)`` that needs no URL parser: false without an
    /// `http://` or `https://` scheme, true for a plain host name (letters, digits, `-`,
    /// `.`) with no space or control byte anywhere, nil when only a URL parser can tell.
    public static func plainProxyURLCheck<Bytes: Collection<UInt8>>(utf8 u: Bytes) -> Bool? {
        // "http://" or "https://", the letters in any case.
        var index = u.startIndex
        for letter in "http".utf8 {
            guard index != u.endIndex, u[index] | 0x20 == letter else { return false }
            u.formIndex(after: &index)
        }
        if index != u.endIndex, u[index] | 0x20 == UInt8(ascii: "s") { u.formIndex(after: &index) }
        for letter in "://".utf8 {
            guard index != u.endIndex, u[index] == letter else { return false }
            u.formIndex(after: &index)
        }
        var hostLength = 0
        var plain = true
        for b in u[index...] {
            if b == UInt8(ascii: "/") || b == UInt8(ascii: "?") || b == UInt8(ascii: "#") { break }
            let isHostByte =
                (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
            if !isHostByte { plain = false }
            hostLength += 1
        }
        if plain, hostLength > 0, !u.contains(where: { $0 <= 32 }) { return true }
        return nil
    }

    /// Every rule `name`, `type` and `credentials` break, in a stable order.
    ///
    /// A blank value counts as missing. Attributes the type does not know are not
    /// violations here (the API drops them); see ``unusedAttributes(type:credentials:)``.
    public static func violations(name: String?, type: String?, credentials: [String: String]) -> [RuleViolation] {
        violations(name: name, type: type) { credentials[$0] }
    }

    /// Every rule broken, reading credentials through `credential` (so that callers
    /// holding ``Credentials`` need not build a dictionary).
    public static func violations(name: String?, type: String?, credential: (String) -> String?) -> [RuleViolation] {
        violations(name: name, type: type, resolved: type.flatMap(SourceType.init(rawValue:)), credential: credential)
    }

    /// As above, with the type already resolved (the validator's hot path).
    public static func violations(
        name: String?, type: String?, resolved: SourceType?, credential: (String) -> String?
    ) -> [RuleViolation] {
        var found: [RuleViolation] = []
        if isBlank(name) {
            found.append(.init(code: .missingName, field: "source", message: "Source can't be blank"))
        } else if let name {
            if !matchesNamePattern(utf8: name.utf8) {
                found.append(.init(code: .invalidName, field: "source", message: "Source is invalid"))
            }
            if name.utf8.count > maxNameLength {
                found.append(.init(code: .nameTooLong, field: "source", message: nameTooLongMessage))
            }
        }
        guard let typeText = type, !isBlank(typeText) else {
            found.append(.init(code: .missingType, field: "source_type", message: "Source type can't be blank"))
            return found
        }
        guard let sourceType = resolved else {
            found.append(
                .init(code: .unknownType, field: "source_type", message: "Source type is not included in the list"))
            return found
        }
        func present(_ key: String) -> String? {
            guard let v = credential(key), !isBlank(v) else { return nil }
            return v
        }
        for attribute in sourceType.requiredAttributes where present(attribute) == nil {
            found.append(
                .init(
                    code: .missingCredential, field: attribute,
                    message: "Credential \(attribute) is required for \(sourceType.rawValue) sources"))
        }
        if sourceType == .azure, let service = present("service_type") {
            if let rule = azureServiceTypes.first(where: { $0.value == service }) {
                if present(rule.requires) == nil {
                    found.append(
                        .init(
                            code: .missingCredential, field: rule.requires,
                            message:
                                "Credential \(rule.requires) is required for azure sources when service_type is \(rule.value)"
                        ))
                }
            } else {
                found.append(
                    .init(
                        code: .invalidServiceType, field: "service_type",
                        message: "Credential service_type must be blob or file-share for azure sources"))
            }
        }
        if sourceType == .url, let url = present("url"), !isValidProxyURL(url) {
            found.append(
                .init(
                    code: .invalidURL, field: "url",
                    message: "Credential url must be an absolute http or https URL with a host"))
        }
        if let token = credential("require_token"), token != "true", token != "false" {
            found.append(
                .init(
                    code: .invalidRequireToken, field: "require_token",
                    message: "Credential require_token must be \"true\" or \"false\""))
        }
        return found
    }

    /// The attributes in `credentials` that `type` does not use (the API drops them).
    public static func unusedAttributes(type: SourceType, credentials: Credentials) -> [String] {
        let known = type.knownAttributeList
        var unused: [String] = []
        for (key, _) in credentials where !known.contains(key) { unused.append(key) }
        return unused
    }
}
