import Foundation

/// UTC timestamps as the report and the default file names write them.
public enum Timestamp {
    /// ISO 8601 in UTC with seconds: `2026-03-05T14:10:00Z`.
    public static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// Compact, for file names: `20260305T141000Z`.
    public static func compact(_ date: Date) -> String {
        iso8601(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }
}
