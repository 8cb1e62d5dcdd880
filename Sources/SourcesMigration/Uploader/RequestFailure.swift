import SourcesAPI

/// Why a request the uploader drives (with its retries) did not succeed.
public enum RequestFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The API kept answering with `error` (after `attempts` tries).
    case api(APIError, attempts: Int)
    /// The run is stopping (Ctrl-C) or aborted; nothing more was sent.
    case stopped

    public var description: String {
        switch self {
        case .api(let error, let attempts):
            attempts > 1 ? "\(error) (after \(attempts) attempts)" : error.description
        case .stopped: "the run was stopped before the request could be sent"
        }
    }
}
