import Foundation

/// Writing to standard output and standard error without buffering surprises.
enum StandardStreams {
    /// Writes `text` to standard output.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes `text` to standard error.
    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// True when standard error is a terminal (for progress lines and questions).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// True when standard input is a terminal.
    static var stdinIsTerminal: Bool { isatty(0) == 1 }
}
