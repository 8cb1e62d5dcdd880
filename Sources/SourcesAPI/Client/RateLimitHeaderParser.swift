public import Foundation
import SourcesCore

extension RateLimitHeaders {
    /// Reads `Retry-After` and `X-RateLimit-Limit/-Remaining/-Reset` from response headers
    /// (names case-insensitive; the first occurrence wins).
    ///
    /// - `Retry-After`: delta-seconds, or an HTTP date (RFC 9110 IMF-fixdate, also the
    ///   obsolete RFC 850 and asctime forms), turned into seconds from `now` (never negative).
    /// - `X-RateLimit-Reset`: seconds from now, or an epoch timestamp when the value is
    ///   above 1e9 (then made relative to `now`).
    public init(headers: some Sequence<(name: String, value: String)>, now: Date = Date()) {
        self.init()
        var seen: Set<Field> = []
        for (rawName, rawValue) in headers {
            guard let field = Field(name: rawName), seen.insert(field).inserted else { continue }
            let value = Self.trimmingOWS(rawValue)
            switch field {
            case .retryAfter: retryAfter = RateLimitHeaders.parseRetryAfter(value, now: now)
            case .limit: limit = RateLimitHeaders.parseCount(value)
            case .remaining: remaining = RateLimitHeaders.parseCount(value)
            case .reset: resetAfter = RateLimitHeaders.parseReset(value, now: now)
            }
        }
    }

    /// The headers read, recognised without lowercasing every name of every response.
    private enum Field: Hashable {
        case retryAfter, limit, remaining, reset

        init?(name: String) {
            // Every other header is rejected by its length or its first letter.
            let count = name.utf8.count
            guard count == 11 || count == 17 || count == 21, let first = name.utf8.first,
                first | 0x20 == UInt8(ascii: "r") || first | 0x20 == UInt8(ascii: "x")
            else { return nil }
            switch name.lowercased() {
            case "retry-after": self = .retryAfter
            case "x-ratelimit-limit": self = .limit
            case "x-ratelimit-remaining": self = .remaining
            case "x-ratelimit-reset": self = .reset
            default: return nil
            }
        }
    }

    /// `value` without leading and trailing spaces and tabs (HTTP's optional whitespace).
    private static func trimmingOWS(_ value: String) -> String {
        let utf8 = value.utf8
        func isOWS(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        guard let first = utf8.first, let last = utf8.last, isOWS(first) || isOWS(last) else { return value }
        guard let start = utf8.firstIndex(where: { !isOWS($0) }), let end = utf8.lastIndex(where: { !isOWS($0) })
        else { return "" }
        return String(value[start...end])
    }

    /// True when no hint was present.
    public var isEmpty: Bool { limit == nil && remaining == nil && resetAfter == nil && retryAfter == nil }

    /// Parses a `Retry-After` value into seconds from `now`; nil when unreadable.
    public static func parseRetryAfter(_ value: String, now: Date) -> Double? {
        if let seconds = Double(value), seconds.isFinite {
            return max(0, seconds)
        }
        guard let date = HTTPDate.parse(value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// Parses `X-RateLimit-Reset` into seconds from `now` (values above 1e9 are epoch seconds).
    public static func parseReset(_ value: String, now: Date) -> Double? {
        guard let number = Double(value), number.isFinite, number >= 0 else { return nil }
        if number > 1e9 { return max(0, number - now.timeIntervalSince1970) }
        return number
    }

    /// Parses a non-negative count (a decimal is truncated, e.g. a limit of `"10.0"`).
    static func parseCount(_ value: String) -> Int? {
        if let n = Int(value) { return max(0, n) }
        if let d = Double(value), d.isFinite, d >= 0, d < Double(Int.max) { return Int(d) }
        return nil
    }
}

/// HTTP dates (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The instant `value` names, or nil when it is not an HTTP date.
    static func parse(_ value: String) -> Date? {
        let parts = value.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "," }).map(String.init)
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT -> [Sun, 06, Nov, 1994, 08:49:37, GMT]
        // RFC 850:     Sunday, 06-Nov-94 08:49:37 GMT -> [Sunday, 06, Nov, 94, 08:49:37, GMT]
        // asctime:     Sun Nov  6 08:49:37 1994       -> [Sun, Nov, 6, 08:49:37, 1994]
        var day: Int?, month: Int?, year: Int?, time: String?
        if parts.count == 6, parts[5].uppercased() == "GMT" {
            day = Int(parts[1]); month = monthIndex(parts[2]); year = Int(parts[3]); time = parts[4]
            if let y = year, parts[3].count == 2 { year = y < 70 ? 2000 + y : 1900 + y }
        } else if parts.count == 5 {
            month = monthIndex(parts[1]); day = Int(parts[2]); time = parts[3]; year = Int(parts[4])
        }
        guard let day, let month, let year, let time else { return nil }
        let hms = time.split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3, (1...31).contains(day), (0...23).contains(hms[0]), (0...59).contains(hms[1]),
            (0...60).contains(hms[2])
        else { return nil }
        let days = UTCTimestamp.daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days) * 86_400 + Double(hms[0] * 3600 + hms[1] * 60 + hms[2])
        return Date(timeIntervalSince1970: seconds)
    }

    /// Formats `date` as an IMF-fixdate (used by tests and the emulator-facing tools).
    static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(total) / 86_400).rounded(.down))
        let secs = total - days * 86_400
        let (y, m, d) = UTCTimestamp.civilFromDays(days)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let month = months[m - 1].prefix(1).uppercased() + months[m - 1].dropFirst()
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekday), \(two(d)) \(month) \(y) \(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60)) GMT"
    }

    private static func monthIndex(_ name: String) -> Int? {
        months.firstIndex(of: name.lowercased()).map { $0 + 1 }
    }
}
