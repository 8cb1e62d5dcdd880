import Foundation
import SourcesCore
import Testing

@Suite struct UTCTimestampTests {
    @Test func knownInstants() {
        #expect(UTCTimestamp.iso8601(0) == "1970-01-01T00:00:00Z")
        #expect(UTCTimestamp.iso8601(951_782_400) == "2000-02-29T00:00:00Z")
        #expect(UTCTimestamp.iso8601(1_795_960_832) == "2026-11-29T14:00:32Z")
        #expect(UTCTimestamp.iso8601(-1) == "1969-12-31T23:59:59Z")
    }

    @Test func agreesWithFoundationsFormatterOverFourCenturies() {
        var random = SplitMix64(seed: 7)
        let style = Date.ISO8601FormatStyle(timeZone: .gmt)
        for _ in 0..<2000 {
            // 1800 to 2200.
            let seconds = Int64(random.next() % 12_623_040_000) - 5_364_662_400
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(UTCTimestamp.iso8601(seconds) == date.formatted(style), "\(seconds)")
        }
    }

    @Test func daysAndDatesRoundTrip() {
        for days in stride(from: -200_000, through: 200_000, by: 997) {
            let (year, month, day) = UTCTimestamp.civilFromDays(days)
            #expect(UTCTimestamp.daysFromCivil(year: year, month: month, day: day) == days)
        }
        #expect(UTCTimestamp.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
    }
}
