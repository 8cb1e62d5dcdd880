/// The one loop behind every escaper of the tool: JSON strings (``JSONText``, which YAML
/// double-quoted scalars share), XML text (``XMLSourcesWriter/escape(_:)``) and text shown
/// on a terminal (``ControlCharacters``). Each passes its own table; CSV fields are quoted
/// whole instead (``CSVText``).
public enum Escaping {
    /// Appends `value` to `out`, each scalar replaced by what `replacement` gives for it (nil:
    /// kept as it is).
    @inlinable
    public static func append(
        _ value: String, to out: inout String, _ replacement: (Unicode.Scalar) -> String?
    ) {
        for scalar in value.unicodeScalars {
            if let replaced = replacement(scalar) { out += replaced } else { out.unicodeScalars.append(scalar) }
        }
    }

    /// `\u` and `v` as four lowercase hex digits at least (a JSON, YAML or terminal escape).
    public static func unicodeEscape(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
