import Foundation
import SourcesCore

/// UTC timestamps as the report and the default file names write them.
public enum Timestamp {
    /// ISO 8601 in UTC with seconds: `2026-03-05T14:10:00Z`.
    public static func iso8601(_ date: Date) -> String {
        UTCTimestamp.iso8601(Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// Compact, for file names: `20260305T141000Z`.
    public static func compact(_ date: Date) -> String {
        iso8601(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    /// `stem.ext`, or `stem-2.ext`, `stem-3.ext`… when that file (or its companions
    /// `stem.ext.csv` and `stem.ext.journal.jsonl`) already exists.
    public static func unusedPath(_ stem: String, extension ext: String) -> String {
        let files = FileManager.default
        func taken(_ candidate: String) -> Bool {
            ["", ".csv", ".journal.jsonl"].contains { files.fileExists(atPath: candidate + ".\(ext)" + $0) }
        }
        if !taken(stem) { return stem + "." + ext }
        var n = 2
        while taken("\(stem)-\(n)") { n += 1 }
        return "\(stem)-\(n).\(ext)"
    }
}
