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
    /// The creates the previous run sent without hearing the answer, by source name
    /// (``RunRecord/unsettledCreates``): settled against the account when planning.
    public var unsettled: [String: CreateIntent]

    /// Creates a state.
    public init(
        path: String, succeeded: [String: RecordResult], resultCount: Int, unsettled: [String: CreateIntent] = [:]
    ) {
        self.path = path
        self.succeeded = succeeded
        self.resultCount = resultCount
        self.unsettled = unsettled
    }

    /// Reads a report or a journal (through ``RunRecord``, the one reader of both). A
    /// journal's truncated last line (a crash mid-write) is ignored.
    public static func load(path: String) throws(ResumeError) -> ResumeState {
        do {
            return ResumeState(path: path, run: try RunRecord.load(path: path))
        } catch {
            throw ResumeError(path: path, reason: error.reason)
        }
    }

    private init(path: String, run: RunRecord) {
        var succeeded: [String: RecordResult] = [:]
        for result in run.results where result.status.isSuccess { succeeded[result.source] = result }
        var unsettled: [String: CreateIntent] = [:]
        for intent in run.unsettledCreates where succeeded[intent.source] == nil { unsettled[intent.source] = intent }
        self.init(path: path, succeeded: succeeded, resultCount: run.results.count, unsettled: unsettled)
    }
}
