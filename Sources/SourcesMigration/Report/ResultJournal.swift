import Foundation
import SourcesCore

/// The crash-safe record of what a run did: one JSON line per finished record,
/// appended and written through as it happens, after a header line; and, just before
/// each create is first sent, a ``CreateIntent`` line, so that a create in flight when
/// the run died is known by name and fingerprint.
///
/// After a crash or `kill -9` every line but possibly a truncated last one is
/// whole; ``Contents`` beside the writer reads it back (for `rollback`, and ``ResumeState``
/// for `--resume`), from the same keys.
public final class ResultJournal: Sendable {
    /// The header's `kind`.
    public static let kind = "imageboss-sources-journal"
    /// The header's `version`: readers refuse a newer one (``FormatVersion``).
    public static let version = 1
    /// Where it is.
    public let path: String
    private let file: PrivateFile

    /// Creates the journal at `path` (mode 0600) as `outputs` allows (a new file; an existing one
    /// only with `--force`, never an input) and writes `header`.
    public init(path: String, header: RunHeader, outputs: OutputPolicy = OutputPolicy()) throws(FileWriteError) {
        self.path = path
        self.file = try outputs.create(PlannedOutput(path: path, role: "journal", flag: "--report"))
        try file.write(Self.headerLine(header) + "\n")
    }

    /// Appends one result as a line.
    public func append(_ result: RecordResult) throws(FileWriteError) {
        try file.write(result.json + "\n")
    }

    /// Appends the intent of a create about to be sent (before the request goes out).
    public func append(_ intent: CreateIntent) throws(FileWriteError) {
        try file.write(intent.json + "\n")
    }

    /// Flushes to the disk and closes the journal.
    public func close() {
        file.sync()
        file.close()
    }

    /// The journal path that goes with a report path: the whole report name and `.journal.jsonl`
    /// (`X.json` → `X.json.journal.jsonl`), so that it can never be one of the run's inputs by accident.
    public static func path(forReport report: String) -> String {
        report + ".journal.jsonl"
    }

    /// The journal's first line: `{"kind", "version", "run_id", "started_at", "endpoint", "inputs",
    /// "backup"}` (and `resumed_from` when the run resumed another).
    static func headerLine(_ header: RunHeader) -> String {
        var members: [(String, String)] = [
            ("kind", JSONText.quote(kind)),
            ("version", String(version)),
            ("run_id", JSONText.quote(header.runID)),
            ("started_at", JSONText.quote(header.startedAt)),
            ("endpoint", JSONText.quote(header.endpoint)),
            ("inputs", JSONText.array(header.inputs.map(JSONText.quote))),
            ("backup", header.backup.map(JSONText.quote) ?? "null"),
        ]
        if let resumedFrom = header.resumedFrom { members.append(("resumed_from", JSONText.quote(resumedFrom))) }
        return JSONText.object(members)
    }

    /// A journal as a reader takes it back: the header, then each result and each create intent.
    struct Contents {
        /// Why a file cannot be read as a journal.
        enum Problem: Error {
            /// Its first line is not a journal's header (another kind of file).
            case notAJournal
            /// Its header says a newer version.
            case newer(FormatVersion)
            /// Line `number` (from 1) is neither a result nor an intent.
            case badLine(number: Int)
        }

        var header: RunHeader
        var results: [RecordResult] = []
        var intents: [CreateIntent] = []

        /// Reads `data`; a last line cut short (a crash mid-write) is ignored.
        static func read(_ data: Data) throws(Problem) -> Contents {
            let decoder = JSONDecoder()
            let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            let head: Head
            do {
                guard let first = lines.first else { throw Problem.notAJournal }
                head = try decoder.decode(Head.self, from: Data(first))
            } catch let newer as FormatVersion {
                throw .newer(newer)
            } catch {
                throw .notAJournal
            }
            var contents = Contents(header: head.header)
            for (i, line) in lines.dropFirst().enumerated() {
                if let result = try? decoder.decode(RecordResult.self, from: Data(line)) {
                    contents.results.append(result)
                } else if let intent = try? decoder.decode(CreateIntent.self, from: Data(line)) {
                    contents.intents.append(intent)
                } else {
                    if i == lines.count - 2 { break }  // the last line, cut short by a crash
                    throw .badLine(number: i + 2)
                }
            }
            return contents
        }

        /// The header line: ``RunHeader``'s keys with the journal's `kind` and `version`.
        private struct Head: Decodable {
            var header: RunHeader

            enum CodingKeys: String, CodingKey {
                case kind, version
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                guard try container.decodeIfPresent(String.self, forKey: .kind) == ResultJournal.kind else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .kind, in: container, debugDescription: "not a journal")
                }
                try FormatVersion.check(
                    try container.decodeIfPresent(Int.self, forKey: .version), format: "journal",
                    supported: ResultJournal.version)
                header = try RunHeader(from: decoder)
            }
        }
    }
}
