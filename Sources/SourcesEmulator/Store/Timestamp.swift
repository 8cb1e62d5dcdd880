import Foundation
import SourcesCore

/// The API's timestamps: ISO 8601, UTC, whole seconds, `Z`.
enum Timestamp {
    /// The current time in whole seconds since 1970.
    static func now() -> Int64 { Int64(Date().timeIntervalSince1970.rounded(.down)) }

    /// `2026-03-05T14:10:00Z` for `seconds` since 1970.
    static func iso8601(_ seconds: Int64) -> String { UTCTimestamp.iso8601(seconds) }
}
