/// Tells from the first bytes of an input how its text is encoded, and names what an
/// input that is not UTF-8 looks like, with what to do about it.
///
/// Spreadsheets are where most inputs come from, and Excel writes several encodings:
/// "CSV UTF-8" (a UTF-8 byte order mark), "CSV (Comma delimited)" (the Windows code
/// page, Windows-1252 in western Europe and the Americas), "Unicode Text" (UTF-16LE
/// with a byte order mark, tab-separated) and, of course, `.xlsx` workbooks (ZIP
/// archives). A reader that says only "not valid UTF-8" leaves the user guessing which.
public enum TextEncodingSniffer {
    /// What the first bytes of an input say about it.
    public enum Verdict: Equatable, Sendable {
        /// UTF-8 (or ASCII); `bomLength` bytes of byte order mark to skip (0 or 3).
        case utf8(bomLength: Int)
        /// UTF-16 with a byte order mark (2 bytes, to skip).
        case utf16(bigEndian: Bool)
        /// Not text this tool reads: what it looks like and what to do.
        case refused(String)
    }

    /// How many bytes ``sniff(_:file:)`` looks at, at most.
    public static let window = 4096

    /// Looks at the first bytes of an input (as many as were read, up to ``window``).
    ///
    /// - Parameter file: The input's name, for the commands the advice gives.
    public static func sniff<Bytes: RandomAccessCollection<UInt8>>(_ head: Bytes, file: String) -> Verdict
    where Bytes.Index == Int {
        let bytes = Array(head.prefix(window))
        func starts(with prefix: [UInt8]) -> Bool {
            bytes.count >= prefix.count && Array(bytes[0..<prefix.count]) == prefix
        }
        if starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8(bomLength: 3) }
        if starts(with: [0xFF, 0xFE, 0, 0]) {
            return .refused(convert("UTF-32 (little-endian) text", from: "UTF-32", file))
        }
        if starts(with: [0, 0, 0xFE, 0xFF]) {
            return .refused(convert("UTF-32 (big-endian) text", from: "UTF-32", file))
        }
        if starts(with: [0xFF, 0xFE]) { return .utf16(bigEndian: false) }
        if starts(with: [0xFE, 0xFF]) { return .utf16(bigEndian: true) }
        if starts(with: Array("PK\u{3}\u{4}".utf8)) {
            return .refused(
                "this is a ZIP archive, not text: an Excel workbook (.xlsx) or another office file? "
                    + "Open it and save the sheet as \"CSV UTF-8 (Comma delimited)\", then read that file")
        }
        if starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return .refused(
                "this is an old Office document (.xls or .doc), not text: open it and save the sheet as "
                    + "\"CSV UTF-8 (Comma delimited)\", then read that file")
        }
        if starts(with: [0x1F, 0x8B]) {
            return .refused("this is a gzip archive, not text: unpack it first (gunzip -k '\(file)')")
        }
        if starts(with: Array("%PDF".utf8)) { return .refused("this is a PDF document, not text") }
        guard let firstNUL = bytes.firstIndex(of: 0) else { return .utf8(bomLength: 0) }
        if let bigEndian = utf16WithoutBOM(bytes) {
            let name = bigEndian ? "UTF-16BE" : "UTF-16LE"
            return .refused(convert("\(name) text without a byte order mark", from: name, file))
        }
        return .refused(binary(atByte: firstNUL))
    }

    /// For UTF-16 text without a byte order mark: true (big-endian) when most even bytes
    /// are NUL and the odd ones are not, false (little-endian) for the reverse; nil when
    /// the NULs do not fall that way (binary data).
    static func utf16WithoutBOM(_ bytes: [UInt8]) -> Bool? {
        let pairs = bytes.count / 2
        guard pairs >= 2 else { return nil }
        var evenNULs = 0
        var oddNULs = 0
        for i in 0..<pairs {
            if bytes[2 * i] == 0 { evenNULs += 1 }
            if bytes[2 * i + 1] == 0 { oddNULs += 1 }
        }
        // Latin text in UTF-16 has a NUL in nearly every pair, always on the same side.
        if oddNULs * 10 >= pairs * 7, evenNULs * 10 <= pairs { return false }
        if evenNULs * 10 >= pairs * 7, oddNULs * 10 <= pairs { return true }
        return nil
    }

    /// The message for a NUL byte: text files have none.
    public static func binary(atByte offset: Int) -> String {
        "this is not a text file: it holds a NUL byte (byte \(offset + 1)), so it looks like binary data; "
            + "check that it is the file you meant"
    }

    /// What a byte sequence that is not UTF-8 most likely is, and what to do.
    ///
    /// - Parameters:
    ///   - bytes: The bytes of the value that is not valid UTF-8.
    ///   - file: The input's name, for the `iconv` command.
    ///   - sawUTF8: Whether the input held valid UTF-8 beyond ASCII before this value; then
    ///     the file is UTF-8 with one foreign value, and converting the whole file would
    ///     spoil the rest.
    public static func describeInvalidUTF8<Bytes: Collection<UInt8>>(_ bytes: Bytes, file: String, sawUTF8: Bool)
        -> String
    {
        let byte = firstInvalidByte(Array(bytes))
        let shown =
            byte.map { b -> String in
                let hex = "0x" + String(b, radix: 16, uppercase: true)
                guard let character = windows1252(b) else { return "byte \(hex)" }
                return "byte \(hex) ('\(character)' in Windows-1252)"
            } ?? "a byte sequence"
        if sawUTF8 {
            return "is not valid UTF-8 text (\(shown)), while the file is UTF-8 before it: the value was probably "
                + "pasted from another encoding; retype it"
        }
        return "is not valid UTF-8 text (\(shown)): the file looks like Windows-1252 or Latin-1 "
            + "(what Excel's \"CSV (Comma delimited)\" writes); convert it with "
            + "iconv -f WINDOWS-1252 -t UTF-8 '\(file)' > '\(utf8Name(file))', or save it as \"CSV UTF-8\""
    }

    /// The first byte of `bytes` where UTF-8 decoding fails.
    static func firstInvalidByte(_ bytes: [UInt8]) -> UInt8? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0..<0x80: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return b
            }
            guard i + length <= bytes.count else { return b }
            for k in 1..<max(length, 1) where bytes[i + k] & 0xC0 != 0x80 { return b }
            i += length
        }
        return nil
    }

    /// The character `byte` stands for in Windows-1252 (nil for a control or unassigned byte).
    static func windows1252(_ byte: UInt8) -> Character? {
        switch byte {
        case 0xA0: return nil  // no-break space: invisible when quoted
        case 0xA1...0xFF: return Character(Unicode.Scalar(byte))
        case 0x80...0x9F:
            let table: [UInt32?] = [
                0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
                nil, 0x017D, nil, nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161,
                0x203A, 0x0153, nil, 0x017E, 0x0178,
            ]
            return table[Int(byte) - 0x80].flatMap(Unicode.Scalar.init).map(Character.init)
        default: return nil
        }
    }

    private static func convert(_ what: String, from encoding: String, _ file: String) -> String {
        "this is \(what), which is not read; convert it to UTF-8: iconv -f \(encoding) -t UTF-8 '\(file)' > '\(utf8Name(file))'"
    }

    /// `in.csv` → `in.utf8.csv`: where the advice puts the converted file.
    static func utf8Name(_ file: String) -> String {
        guard file != "-" else { return "converted.utf8" }
        let base = file.split(separator: "/").last.map(String.init) ?? file
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return file + ".utf8" }
        let stem = file.dropLast(base.distance(from: dot, to: base.endIndex))
        return stem + ".utf8" + base[dot...]
    }
}
