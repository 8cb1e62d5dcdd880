import Foundation

/// The question `import` asks on a terminal before its first write.
enum ImportConfirmation {
    /// True when the question should be asked: standard input and standard error are
    /// terminals and no input is read from standard input.
    static func shouldAsk(readsStandardInput: Bool) -> Bool {
        !readsStandardInput && StandardStreams.stdinIsTerminal && StandardStreams.stderrIsTerminal
    }

    /// Asks `question [y/N]` on stderr and reads the answer from standard input.
    static func ask(_ question: String) -> Bool {
        StandardStreams.err(question + " [y/N] ")
        guard let answer = readLine(strippingNewline: true) else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
