/// A position in an input file; lines and columns count from 1.
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The file as the user named it (`-` for standard input).
    public var file: String
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, in characters (Unicode scalars), in every format (in bytes in an
    /// XML document that declares an encoding other than UTF-8).
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `FILE:LINE:COL`.
    public var description: String { "\(file):\(line):\(column)" }

    /// Moves `line` and `column` past one byte of UTF-8 text: a line feed starts a new
    /// line, and a column is a character (the bytes that continue one are not counted).
    /// The byte-level readers (CSV, JSON) all count this way.
    @inlinable @inline(__always)
    public static func count(_ byte: UInt8, line: inout Int, column: inout Int) {
        if byte == 10 {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }
}

/// Where a record came from: its first position and its index (from 1) in its input.
public struct RecordOrigin: Sendable, Equatable, Hashable {
    /// Where the record starts.
    public var location: SourceLocation
    /// The record's number in its input, from 1.
    public var index: Int

    /// Creates an origin.
    public init(location: SourceLocation, index: Int) {
        self.location = location
        self.index = index
    }
}
