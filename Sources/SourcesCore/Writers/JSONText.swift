/// JSON string literals, written without Foundation so that key order is kept.
///
/// Besides what JSON requires, DEL, the C1 controls, U+2028, U+2029 and U+FEFF are written as
/// `\u` escapes too: then a literal is also a valid YAML double-quoted scalar (the YAML
/// writer's quoting is this one) and shows nothing hidden on a terminal.
public enum JSONText {
    /// `value` as a JSON string literal, with quotes.
    public static func quote(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count + 2)
        appendQuoted(value, to: &out)
        return out
    }

    /// Appends ``quote(_:)`` of `value` to `out`, without building it apart (for writers
    /// that build a whole document, such as the emulator's responses).
    public static func appendQuoted(_ value: String, to out: inout String) {
        out += "\""
        // Plain printable ASCII (most names, buckets and keys) needs no escape.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            out += value
            out += "\""
            return
        }
        Escaping.append(value, to: &out, escape)
        out += "\""
    }

    /// The escape of `scalar` in a literal, or nil when it is written as it is.
    private static func escape(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{08}": return "\\b"
        case "\u{0C}": return "\\f"
        default:
            let v = scalar.value
            let hidden = v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF
            return hidden ? Escaping.unicodeEscape(v) : nil
        }
    }

    /// A JSON object from ordered `(key, already-rendered value)` pairs, on one line.
    public static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { quote($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }

    /// A JSON array of already-rendered values, on one line.
    public static func array(_ values: [String]) -> String {
        "[" + values.joined(separator: ", ") + "]"
    }
}
