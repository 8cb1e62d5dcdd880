import Foundation

/// CSV fields (RFC 4180) as every CSV this tool writes them: the export writer's and the
/// report's CSV twin. The one place that decides when a field is quoted.
public enum CSVText {
    /// `value` as one field: quoted (inner quotes doubled) when it holds a comma, a quote or
    /// a line break, or starts or ends with white space (which a reader could trim).
    public static func field(_ value: String) -> String {
        guard needsQuotes(value) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// ``field(_:)`` for a file people open in a spreadsheet (the report's CSV twin): a
    /// leading `=`, `+`, `-`, `@`, tab or CR gets a `'` first, so that the spreadsheet shows
    /// the value instead of running it as a formula. Not for files this tool reads back: the
    /// `'` would become part of the value.
    public static func spreadsheetField(_ value: String) -> String {
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            return field("'" + value)
        }
        return field(value)
    }

    /// True when `value` holds `,`, `"` or a line break, or has white space at either end
    /// (ASCII text is scanned as bytes).
    private static func needsQuotes(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        if utf8.allSatisfy({ $0 < 0x80 }) {
            return isSpace(first) || isSpace(last)
                || utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || (0x0A...0x0D).contains($0) }
        }
        return value.first?.isWhitespace == true || value.last?.isWhitespace == true
            || value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
}
