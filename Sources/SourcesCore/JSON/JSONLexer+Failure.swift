extension JSONLexer {
    /// What is wrong with the JSON text at a position. The lexer names the problem; each
    /// front end words it for its readers (a response body's byte offset, a file's line
    /// and column), and neither quotes the text (it may hold a secret).
    public enum Problem: Sendable {
        /// A byte that starts no token.
        case unexpectedByte(UInt8)
        /// Letters that are not `true`, `false` or `null` (a value written without quotes).
        case unquotedWord
        /// A word that starts like a number but is not one (`0777`, `1.`, `-`).
        case invalidNumber
        case unterminatedString
        /// A byte below 0x20 inside a string, which JSON requires to be escaped.
        case controlCharacter
        case unterminatedEscape
        case unknownEscape(UInt8)
        /// A malformed `\u` escape, or a lone UTF-16 surrogate.
        case badUnicodeEscape
        /// A string that is not UTF-8: its bytes (never shown, only analysed), and whether
        /// earlier strings held valid UTF-8 beyond ASCII.
        case invalidUTF8([UInt8], sawUTF8: Bool)
        /// A string longer than ``JSONLexer/maxStringBytes``.
        case stringTooLong
        /// A number or word longer than ``JSONLexer/maxStringBytes``.
        case wordTooLong
        /// The input could not be read (the ``JSONLexer/Input``'s own error).
        case input(any Error & Sendable)
    }

    /// Why the lexer stopped, and where.
    public struct Failure: Error, Sendable {
        public var problem: Problem
        public var position: JSONPosition

        /// The failure of an ``Input`` that could not read on at `position`.
        public static func unreadable(_ error: any Error & Sendable, at position: JSONPosition) -> Failure {
            Failure(problem: .input(error), position: position)
        }
    }
}
