import Foundation
import SourcesCore

/// The report of an import run, written as JSON with a CSV twin beside it:
///
/// `{"kind": "imageboss-sources-report", "version": 1, "run_id", "started_at", "finished_at", "endpoint",
/// "inputs", "backup", "outcome", "summary", "statistics", "results": [...]}`
/// (`resumed_from` after `backup` when the run resumed another).
///
/// Written by hand (``json()``: key order, one result a line) and read back by ``Document``
/// beside it (`rollback`, `--resume`), both from the same keys (``RunHeader``'s and
/// ``RecordResult``'s coding keys); a round-trip test holds them together.
public struct RunReport: Sendable {
    /// The report's `kind`.
    public static let kind = "imageboss-sources-report"
    /// The report's `version`: readers refuse a newer one (``FormatVersion``).
    public static let version = 1

    /// The run.
    public var header: RunHeader
    /// When it finished.
    public var finishedAt: String
    /// How it ended.
    public var outcome: RunOutcome
    /// One result per input record, in input order.
    public var results: [RecordResult]
    /// Request counts and times.
    public var statistics: RunStatistics

    /// Creates a report.
    public init(
        header: RunHeader, finishedAt: String, outcome: RunOutcome, results: [RecordResult],
        statistics: RunStatistics
    ) {
        self.header = header
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.results = results
        self.statistics = statistics
    }

    /// The counts by status.
    public var summary: RunSummary { RunSummary(results) }

    /// The CSV twin's path: the whole report name and `.csv` (`X.json` → `X.json.csv`), so that
    /// `--report buckets.json` never writes over an input `buckets.csv`.
    public static func csvPath(forReport path: String) -> String {
        path + ".csv"
    }

    /// The files ``write(to:outputs:)`` writes for `path`, with the journal the run keeps beside them.
    public static func outputs(forReport path: String) -> [PlannedOutput] {
        [
            PlannedOutput(path: path, role: "report", flag: "--report"),
            PlannedOutput(path: csvPath(forReport: path), role: "report's CSV twin", flag: "--report"),
            PlannedOutput(path: ResultJournal.path(forReport: path), role: "journal", flag: "--report"),
        ]
    }

    /// The report as JSON, one result per line.
    public func json() -> String {
        var out = ""
        json { part in out += part }
        return out
    }

    /// The report as JSON, one result per line, handed to `emit` in parts of about
    /// ``partSize`` characters: what ``write(to:outputs:)`` streams to the file.
    func json<Failure: Error>(_ emit: (String) throws(Failure) -> Void) throws(Failure) {
        var out = "{\n"
        out += "  \"kind\": \(JSONText.quote(Self.kind)),\n"
        out += "  \"version\": \(Self.version),\n"
        out += "  \"run_id\": \(JSONText.quote(header.runID)),\n"
        out += "  \"started_at\": \(JSONText.quote(header.startedAt)),\n"
        out += "  \"finished_at\": \(JSONText.quote(finishedAt)),\n"
        out += "  \"endpoint\": \(JSONText.quote(header.endpoint)),\n"
        out += "  \"inputs\": \(JSONText.array(header.inputs.map(JSONText.quote))),\n"
        out += "  \"backup\": \(header.backup.map(JSONText.quote) ?? "null"),\n"
        if let resumed = header.resumedFrom { out += "  \"resumed_from\": \(JSONText.quote(resumed)),\n" }
        out += "  \"outcome\": \(JSONText.quote(outcome.rawValue)),\n"
        out += "  \"summary\": \(summary.json),\n"
        out += "  \"statistics\": \(statistics.json),\n"
        out += "  \"results\": ["
        for (i, result) in results.enumerated() {
            out += (i == 0 ? "\n    " : ",\n    ") + result.json
            if out.utf8.count >= Self.partSize {
                try emit(out)
                out = ""
            }
        }
        out += results.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        try emit(out)
    }

    /// The results as CSV (RFC 4180), with formula-looking cells defused (``CSVText/spreadsheetField(_:)``).
    public func csv() -> String {
        var out = ""
        csv { part in out += part }
        return out
    }

    /// The CSV in parts of about ``partSize`` characters, as ``json(_:)``.
    func csv<Failure: Error>(_ emit: (String) throws(Failure) -> Void) throws(Failure) {
        var out = "source,file,line,action,status,id,attempts,http_status,errors\r\n"
        for r in results {
            let cells = [
                r.source, r.file, String(r.line), r.action.rawValue, r.status.rawValue, r.id ?? "", String(r.attempts),
                r.httpStatus.map(String.init) ?? "", r.errors.joined(separator: "; "),
            ]
            out += cells.map(CSVText.spreadsheetField).joined(separator: ",") + "\r\n"
            if out.utf8.count >= Self.partSize {
                try emit(out)
                out = ""
            }
        }
        try emit(out)
    }

    /// How much of a report is built before it is written out (a report of 100,000 results is
    /// about 25 MB: never held whole).
    static let partSize = 1 << 18

    /// Writes the JSON report to `path` and the CSV twin beside it (both 0600, each whole or not at
    /// all), as `outputs` allows: new files unless `--force`, never over an input.
    ///
    /// - Returns: The CSV twin's path.
    @discardableResult
    public func write(to path: String, outputs: OutputPolicy = OutputPolicy()) throws(FileWriteError) -> String {
        let planned = Self.outputs(forReport: path)
        try outputs.write(to: planned[1]) { file throws(FileWriteError) in
            try csv { part throws(FileWriteError) in try file.write(part) }
        }
        try outputs.write(to: planned[0]) { file throws(FileWriteError) in
            try json { part throws(FileWriteError) in try file.write(part) }
        }
        return planned[1].path
    }
}

extension RunReport {
    /// A report as a reader takes it back: its header, outcome and results.
    struct Document: Decodable {
        /// Thrown while decoding a JSON document that is not a report (another `kind`).
        struct NotAReport: Error {}

        var header: RunHeader
        /// `completed`, `interrupted` or `aborted`, as written (an unknown word is kept).
        var outcome: String?
        var results: [RecordResult]

        enum CodingKeys: String, CodingKey {
            case kind, version, outcome, results
        }

        /// Throws ``NotAReport`` for another kind, and ``FormatVersion`` for a newer version
        /// (a report without `version` is version 1).
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let kind = try container.decodeIfPresent(String.self, forKey: .kind)
            guard kind == RunReport.kind else { throw NotAReport() }
            try FormatVersion.check(
                try container.decodeIfPresent(Int.self, forKey: .version), format: "report",
                supported: RunReport.version)
            header = try RunHeader(from: decoder)
            outcome = try container.decodeIfPresent(String.self, forKey: .outcome)
            results = try container.decodeIfPresent([RecordResult].self, forKey: .results) ?? []
        }
    }
}
