/// Settings a user can give the readers (`--delimiter`), for the formats they concern.
public struct ReaderOptions: Sendable, Equatable {
    /// The CSV field delimiter (one ASCII byte); nil to take it from the header line.
    public var csvDelimiter: UInt8?

    /// Creates options; the defaults read every input as it describes itself.
    public init(csvDelimiter: UInt8? = nil) {
        self.csvDelimiter = csvDelimiter
    }

    /// The byte `--delimiter VALUE` names: one ASCII character other than a quote, a line
    /// break or NUL, or `tab`, `\t`, `comma`, `semicolon`, `pipe`; nil for anything else.
    public static func delimiter(named value: String) -> UInt8? {
        switch value.lowercased() {
        case "tab", "\\t", "\t": return 9
        case "comma": return 44
        case "semicolon": return 59
        case "pipe": return 124
        default:
            let bytes = Array(value.utf8)
            guard bytes.count == 1, let byte = bytes.first, byte > 0, byte < 0x80, byte != 34, byte != 10, byte != 13
            else { return nil }
            return byte
        }
    }

    /// How a delimiter byte is shown in messages: `','`, `';'`, `tab`.
    public static func describe(delimiter: UInt8) -> String {
        delimiter == 9 ? "tab" : "'\(Character(Unicode.Scalar(delimiter)))'"
    }
}
