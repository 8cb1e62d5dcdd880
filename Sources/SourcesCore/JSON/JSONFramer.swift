/// Follows where JSON text is, one pushed byte at a time: inside a string or not (a `\`
/// takes the next byte with it), and how deep in objects and arrays.
///
/// It is for the scanners that are fed bytes as they arrive and must find where a value
/// ends before anything parses it: ``ListingDecoder`` cutting a listing into its elements,
/// which ``JSONParser`` (that is, ``JSONLexer``) then reads strictly, and the restore's
/// top-level scanner reading an export's `count`. It checks nothing: what is valid JSON is
/// ``JSONLexer``'s to say; this only keeps the one rule that matters for framing, that a
/// quote or bracket inside a string is text.
public struct JSONFramer: Sendable {
    /// What a byte was, for the scanner that fed it.
    public enum Step: Sendable, Equatable {
        /// Outside any string, and not a bracket or brace: white space, `:`, `,` or a scalar's byte.
        case outside
        /// The `"` that opens a string.
        case openString
        /// A byte of a string (escape bytes included, as written).
        case inString
        /// The `"` that closes a string.
        case closeString
        /// `{` or `[`: ``depth`` is one more.
        case open
        /// `}` or `]`: ``depth`` is one less.
        case close
    }

    @usableFromInline var nesting = 0
    @usableFromInline var stringOpen = false
    @usableFromInline var escaped = false

    public init() {}

    /// How many objects and arrays enclose the next byte.
    @inlinable public var depth: Int { nesting }
    /// Whether the next byte is inside a string.
    @inlinable public var inString: Bool { stringOpen }

    /// Takes the next byte and says what it was.
    @inlinable @inline(__always)
    public mutating func feed(_ byte: UInt8) -> Step {
        if stringOpen {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                stringOpen = false
                return .closeString
            }
            return .inString
        }
        switch byte {
        case UInt8(ascii: "\""):
            stringOpen = true
            return .openString
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            nesting += 1
            return .open
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            nesting -= 1
            return .close
        default:
            return .outside
        }
    }
}
