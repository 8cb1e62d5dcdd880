/// Control characters made visible, for text shown on a terminal.
///
/// A source name, a file path or a server's message can hold `ESC ] 0 ; … BEL` (retitles the
/// terminal), `ESC [ 2 J` (clears it), a carriage return that overwrites what was printed,
/// or NUL. Text output shows each of them as a JSON-style `\u001b` escape, which is also a
/// valid escape inside a JSON string, so JSON output passes through unchanged.
public enum ControlCharacters {
    /// `text` with every C0 control (NUL to US), DEL and C1 control (U+0080 to U+009F) written
    /// as `\u001b`-style escapes.
    ///
    /// - Parameters:
    ///   - keepingLines: keep line feeds and tabs (the line structure of multi-line output);
    ///     without it, those are escaped too (for a value that must stay on one line).
    ///   - keepingCRLF: with `keepingLines`, also keep a carriage return right before a line
    ///     feed (data whose lines end in CRLF, such as CSV).
    public static func escaped(_ text: String, keepingLines: Bool = false, keepingCRLF: Bool = false) -> String {
        guard needsEscaping(text, keepingLines: keepingLines, keepingCRLF: keepingCRLF) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            guard isControl(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            if keepingLines {
                if scalar == "\n" || scalar == "\t" {
                    out.unicodeScalars.append(scalar)
                    continue
                }
                if keepingCRLF, scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                    out.unicodeScalars.append(scalar)
                    continue
                }
            }
            out += Escaping.unicodeEscape(scalar.value)
        }
        return out
    }

    /// True when ``escaped(_:keepingLines:keepingCRLF:)`` would change `text` (a scan of its bytes).
    public static func needsEscaping(_ text: String, keepingLines: Bool = false, keepingCRLF: Bool = false) -> Bool {
        var previous: UInt8 = 0
        var sawCR = false
        for byte in text.utf8 {
            defer { previous = byte }
            if sawCR {
                sawCR = false
                if byte != UInt8(ascii: "\n") { return true }
            }
            if byte < 0x20 {
                guard keepingLines else { return true }
                switch byte {
                case UInt8(ascii: "\n"), UInt8(ascii: "\t"): continue
                case UInt8(ascii: "\r") where keepingCRLF: sawCR = true
                default: return true
                }
            } else if byte == 0x7F {
                return true
            } else if previous == 0xC2 && (0x80...0x9F).contains(byte) {
                return true  // U+0080 to U+009F in UTF-8
            }
        }
        return sawCR
    }

    /// True for C0 controls, DEL and C1 controls.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
