/// A parsed JSON value. Numbers keep their text, so `12` is stored as `"12"`
/// and not as `12.0`; object members keep their order.
indirect enum JSONValue: Sendable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The member `key` of an object (the last one when repeated), else nil.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// The value as the string the API would store: strings as they are, numbers
    /// as written, booleans as `true`/`false`; nil for null, arrays and objects.
    var scalarText: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null, .array, .object: nil
        }
    }

    /// True for arrays and objects.
    var isContainer: Bool {
        switch self {
        case .array, .object: true
        default: false
        }
    }
}
