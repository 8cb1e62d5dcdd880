/// Why the emulator could not start.
public enum EmulatorError: Error, Sendable, CustomStringConvertible {
    /// The configuration has problems (each worded for the user).
    case invalidConfiguration([String])
    /// The SQLite database could not be opened or prepared.
    case database(path: String?, detail: String)
    /// The server could not bind or stopped before it was listening.
    case startFailed(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let problems):
            "invalid emulator configuration: " + problems.joined(separator: "; ")
        case .database(let path, let detail):
            if let path {
                "cannot open the emulator database \(path): \(detail); check that the directory exists and is writable"
            } else {
                "cannot create the in-memory emulator database: \(detail)"
            }
        case .startFailed(let detail):
            "the emulator could not start: \(detail); check that the host and port are free and allowed"
        }
    }
}
