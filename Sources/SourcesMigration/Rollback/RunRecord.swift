public import Foundation
import SourcesCore

/// Why `rollback` cannot use a report, a journal or a backup.
public struct RollbackInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// What is wrong with it.
    public var reason: String

    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot roll back from \(path): \(reason)" }
}

/// What a finished or interrupted run left behind: its report, or its journal when it
/// never got to write one (a crash, `kill -9`).
public struct RunRecord: Sendable {
    /// The file it was read from.
    public var path: String
    /// The run's id.
    public var runID: String
    /// The endpoint it talked to.
    public var endpoint: String
    /// Its inputs.
    public var inputs: [String]
    /// The backup it wrote before its first write (nil when it wrote nothing).
    public var backup: String?
    /// The report or journal it resumed, when it did.
    public var resumedFrom: String?
    /// `completed`, `interrupted` or `aborted`; nil for a journal (the run never finished).
    public var outcome: String?
    /// Its results, in order (a journal's truncated last line is ignored).
    public var results: [RecordResult]
    /// The creates it was about to send (a journal's intent lines; none in a report).
    public var intents: [CreateIntent]
    /// When the file was last written.
    public var modifiedAt: Date

    /// Creates a record (``load(path:)`` reads one from a file).
    public init(
        path: String, runID: String, endpoint: String, inputs: [String], backup: String?, resumedFrom: String?,
        outcome: String?, results: [RecordResult], intents: [CreateIntent] = [], modifiedAt: Date
    ) {
        self.path = path
        self.runID = runID
        self.endpoint = endpoint
        self.inputs = inputs
        self.backup = backup
        self.resumedFrom = resumedFrom
        self.outcome = outcome
        self.results = results
        self.intents = intents
        self.modifiedAt = modifiedAt
    }

    /// True when every record of the run was attempted: a report whose outcome is `completed`.
    public var isComplete: Bool { outcome == RunOutcome.completed.rawValue }

    /// The creates the run sent without learning whether they were carried out: a result that
    /// is not `created` after an attempt whose outcome was unknown (its fingerprint recorded),
    /// and an intent with no result at all (in flight when the run died). Each may or may not
    /// be in the account; ``CreateFingerprint/matches(_:)`` tells whether the source there is
    /// the one sent. A create the API refused outright is not one of them.
    public var unsettledCreates: [CreateIntent] {
        var unsettled: [CreateIntent] = []
        var finished: Set<String> = []
        for result in results where result.action == .create {
            finished.insert(result.source)
            guard result.status != .created, result.status != .unchanged, let fingerprint = result.fingerprint else {
                continue
            }
            unsettled.append(
                CreateIntent(
                    source: result.source, file: result.file, line: result.line, fields: result.fields ?? [],
                    fingerprint: fingerprint))
        }
        for intent in intents where !finished.contains(intent.source) { unsettled.append(intent) }
        return unsettled
    }

    /// Reads a report (`.json`) or a journal (`.journal.jsonl`), each with the reader beside its
    /// writer (``RunReport/Document``, ``ResultJournal/Contents``).
    public static func load(path: String) throws(RollbackInputError) -> RunRecord {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RollbackInputError(path: path, reason: "the file cannot be read; check the path")
        }
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
        do {
            let report = try JSONDecoder().decode(RunReport.Document.self, from: data)
            return RunRecord(
                path: path, header: report.header, outcome: report.outcome, results: report.results,
                modifiedAt: modified)
        } catch let newer as FormatVersion {
            throw RollbackInputError(path: path, reason: newer.description)
        } catch {
            // Not a report (or not one that can be read whole): a journal, perhaps.
        }
        let journal: ResultJournal.Contents
        do {
            journal = try ResultJournal.Contents.read(data)
        } catch {
            switch error {
            case .newer(let newer): throw RollbackInputError(path: path, reason: newer.description)
            case .badLine(let number):
                throw RollbackInputError(path: path, reason: "line \(number) is neither a result nor an intent")
            case .notAJournal:
                throw RollbackInputError(
                    path: path,
                    reason: "it is neither an ibsources report nor a journal; pass the report (.json) or "
                        + "journal (.journal.jsonl) an import, restore, delete or rollback wrote")
            }
        }
        return RunRecord(
            path: path, header: journal.header, outcome: nil, results: journal.results, intents: journal.intents,
            modifiedAt: modified)
    }

    private init(
        path: String, header: RunHeader, outcome: String?, results: [RecordResult], intents: [CreateIntent] = [],
        modifiedAt: Date
    ) {
        self.init(
            path: path, runID: header.runID, endpoint: header.endpoint, inputs: header.inputs, backup: header.backup,
            resumedFrom: header.resumedFrom, outcome: outcome, results: results, intents: intents,
            modifiedAt: modifiedAt)
    }

    /// The backup path, resolved against the directory of the report when it is relative
    /// and not found from the current directory.
    public var resolvedBackupPath: String? { backup.map(resolved) }

    /// The path of the report or journal this run resumed, resolved as ``resolvedBackupPath``.
    public var resolvedResumedFromPath: String? { resumedFrom.map(resolved) }

    private func resolved(_ named: String) -> String {
        if named.hasPrefix("/") || FileManager.default.fileExists(atPath: named) { return named }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let beside = directory.appendingPathComponent(named).path
        return FileManager.default.fileExists(atPath: beside) ? beside : named
    }
}
