import Foundation

/// Why `--resume` could not use a file.
public struct ResumeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// What is wrong with it.
    public var reason: String

    public var description: String {
        "cannot resume from \(path): \(reason); pass a report (.json) or journal (.journal.jsonl) an import wrote"
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

    /// Reads a report or a journal. A journal's truncated last line (a crash mid-write) is ignored.
    public static func load(path: String) throws(ResumeError) -> ResumeState {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ResumeError(path: path, reason: "the file cannot be read")
        }
        let decoder = JSONDecoder()
        if let report = try? decoder.decode(ReportFile.self, from: data) {
            guard report.kind == RunReport.kind else {
                throw ResumeError(path: path, reason: "it is not an ibsources report (kind '\(report.kind)')")
            }
            return ResumeState(path: path, results: report.results)
        }
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        guard let first = lines.first, let head = try? decoder.decode(KindOnly.self, from: Data(first)),
            head.kind == ResultJournal.kind
        else {
            throw ResumeError(path: path, reason: "it is neither an ibsources report nor a journal")
        }
        var results: [RecordResult] = []
        for (i, line) in lines.dropFirst().enumerated() {
            do {
                results.append(try decoder.decode(RecordResult.self, from: Data(line)))
            } catch {
                if i == lines.count - 2 { break }  // the last line, cut short by a crash
                throw ResumeError(path: path, reason: "line \(i + 2) is not a result")
            }
        }
        return ResumeState(path: path, results: results)
    }

    private init(path: String, results: [RecordResult]) {
        var succeeded: [String: RecordResult] = [:]
        for result in results where result.status.isSuccess { succeeded[result.source] = result }
        self.init(path: path, succeeded: succeeded, resultCount: results.count)
    }

    private struct ReportFile: Decodable {
        var kind: String
        var results: [RecordResult]
    }

    private struct KindOnly: Decodable {
        var kind: String
    }
}
