/// Where a reader's bytes come from.
public enum InputSource: Sendable, Equatable {
    /// A file on disk.
    case file(String)
    /// Standard input (named `-` on the command line).
    case standardInput
    /// Bytes in memory, with the name diagnostics use for them.
    case bytes(name: String, [UInt8])

    /// Reads `-` as standard input and anything else as a file path.
    public init(argument: String) {
        self = argument == "-" ? .standardInput : .file(argument)
    }

    /// The name diagnostics give this input.
    public var displayName: String {
        switch self {
        case .file(let path): path
        case .standardInput: "-"
        case .bytes(let name, _): name
        }
    }

    /// The file extension, lowercased, when the input is a file that has one.
    public var fileExtension: String? {
        guard case .file(let path) = self else { return nil }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return nil }
        return base[base.index(after: dot)...].lowercased()
    }
}
