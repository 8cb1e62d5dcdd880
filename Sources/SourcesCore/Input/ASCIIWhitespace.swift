/// The white space JSON (RFC 8259) and XML agree on, and that the normaliser trims and the
/// rules read as blank: space, tab, line feed and carriage return, as UTF-8 bytes.
public enum ASCIIWhitespace {
    /// True when `byte` is a space, a tab, a line feed or a carriage return.
    @inlinable
    public static func contains(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
