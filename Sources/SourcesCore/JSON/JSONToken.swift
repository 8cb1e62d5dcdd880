/// One token of JSON text, as ``JSONLexer`` reads it.
public enum JSONToken: Sendable, Equatable {
    case beginObject, endObject, beginArray, endArray, colon, comma
    case string(String)
    /// A number, as written (its digits are kept, not rounded through a `Double`).
    case number(String)
    case bool(Bool)
    case null
    /// The end of the input.
    case end

    /// The text a scalar stands for in a record (`.some(nil)` for null), or nil for the
    /// other tokens: strings as they are, numbers as written, `true`/`false`.
    public var scalarText: String?? {
        switch self {
        case .string(let s), .number(let s): .some(s)
        case .bool(let b): .some(b ? "true" : "false")
        case .null: .some(nil)
        default: nil
        }
    }
}

/// Where a JSON token or problem is: the byte offset from the start of the input (what a
/// response body reports), and the line and column from 1 (what a file reports; columns
/// count characters, as ``SourceLocation`` does).
public struct JSONPosition: Sendable, Equatable {
    public var offset: Int
    public var line: Int
    public var column: Int
}
