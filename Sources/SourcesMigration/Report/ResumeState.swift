import Foundation

/// Why `--resume` could not use a file.
public struct ResumeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// What is wrong with it, and what to pass instead (worded by ``RunRecord``).
    public var reason: String

    public var description: String {
        "cannot resume from \(path): \(reason)"
    }
}

/// What a previous run already did, read from its report or its journal (`--resume`).
public struct ResumeState: Sendable, Equatable {
    /// The file it was read from.
    public var path: String
    /// The previous result of every record that succeeded, by source name.
    public var succeeded: [String: RecordResult]
    /// How many results the file held (succeeded or not).
    public var resultCount: Int

    /// Creates a state.
    public init(path: String, succeeded: [String: RecordResult], resultCount: Int) {
        self.path = path
        self.succeeded = succeeded
        self.resultCount = resultCount
    }

    /// Reads a report or a journal (through ``RunRecord``, the one reader of both). A
    /// journal's truncated last line (a crash mid-write) is ignored.
    public static func load(path: String) throws(ResumeError) -> ResumeState {
        do {
            return ResumeState(path: path, results: try RunRecord.load(path: path).results)
        } catch {
            throw ResumeError(path: path, reason: error.reason)
        }
    }

    private init(path: String, results: [RecordResult]) {
        var succeeded: [String: RecordResult] = [:]
        for result in results where result.status.isSuccess { succeeded[result.source] = result }
        self.init(path: path, succeeded: succeeded, resultCount: results.count)
    }
}
