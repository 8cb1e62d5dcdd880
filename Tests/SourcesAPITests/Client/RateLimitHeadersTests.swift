import Foundation
import Testing

@testable import SourcesAPI

@Suite("Rate-limit header parsing")
struct RateLimitHeadersTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func deltaSecondsAndCounts() {
        let h = RateLimitHeaders(
            headers: [
                (name: "Retry-After", value: "42"), (name: "x-ratelimit-limit", value: "60"),
                (name: "X-RATELIMIT-REMAINING", value: "0"), (name: "X-RateLimit-Reset", value: "17"),
            ], now: now)
        #expect(h == RateLimitHeaders(limit: 60, remaining: 0, resetAfter: 17, retryAfter: 42))
    }

    @Test func retryAfterAsIMFFixdate() throws {
        let date = now.addingTimeInterval(90)
        let text = HTTPDate.format(date)
        #expect(text.hasSuffix(" GMT"))
        let h = RateLimitHeaders(headers: [(name: "Retry-After", value: text)], now: now)
        #expect(h.retryAfter == 90)
    }

    @Test func knownHTTPDateValues() throws {
        // RFC 9110's example: Sun, 06 Nov 1994 08:49:37 GMT = 784111777.
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")?.timeIntervalSince1970 == 784_111_777)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT")?.timeIntervalSince1970 == 784_111_777)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994")?.timeIntervalSince1970 == 784_111_777)
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 784_111_777)) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sun, 29 Feb 2032 23:59:60 GMT") != nil)
        #expect(HTTPDate.parse("yesterday") == nil)
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 25:49:37 GMT") == nil)
    }

    @Test func retryAfterInThePastIsZeroAndGarbageIsIgnored() {
        let past = HTTPDate.format(now.addingTimeInterval(-30))
        #expect(RateLimitHeaders(headers: [(name: "Retry-After", value: past)], now: now).retryAfter == 0)
        #expect(RateLimitHeaders(headers: [(name: "Retry-After", value: "soon")], now: now).retryAfter == nil)
        #expect(RateLimitHeaders(headers: [(name: "X-RateLimit-Remaining", value: "-")], now: now).remaining == nil)
    }

    @Test func resetAsEpochTimestampIsMadeRelative() {
        let epoch = RateLimitHeaders(
            headers: [(name: "X-RateLimit-Reset", value: "\(Int(now.timeIntervalSince1970) + 3600)")], now: now)
        #expect(epoch.resetAfter == 3600)
        let relative = RateLimitHeaders(headers: [(name: "X-RateLimit-Reset", value: "3600")], now: now)
        #expect(relative.resetAfter == 3600)
        let passed = RateLimitHeaders(
            headers: [(name: "X-RateLimit-Reset", value: "\(Int(now.timeIntervalSince1970) - 5)")], now: now)
        #expect(passed.resetAfter == 0)
    }

    @Test func optionalWhitespaceAroundValuesIsIgnoredAndLookalikeNamesAreNot() {
        let h = RateLimitHeaders(
            headers: [
                (name: "X-RateLimit-Limit", value: " 60\t"), (name: "x-ratelimit-remaining", value: "\t7"),
                (name: "Retry-After", value: "  "), (name: "X-RateLimit-Resets", value: "5"),
                (name: "x-ratelimit-other", value: "9"), (name: "Retry-Before", value: "4"),
            ], now: now)
        #expect(h == RateLimitHeaders(limit: 60, remaining: 7))
    }

    @Test func firstOccurrenceWins() {
        let h = RateLimitHeaders(
            headers: [(name: "Retry-After", value: "3"), (name: "retry-after", value: "99")], now: now)
        #expect(h.retryAfter == 3)
        #expect(RateLimitHeaders(headers: [(name: "Content-Type", value: "x")], now: now).isEmpty)
    }
}
