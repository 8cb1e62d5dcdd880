import Foundation
import NIOHTTP1
import SourcesEmulator
import TestSupport
import Testing

/// The kinds of limiter real servers run, on a real socket: `--rate-limit-headers
/// full|retry-after|none`, `--rate-limit-window SECONDS` and `--throttle-body json|text`.
@Suite struct LimiterStyleTests {
    private static let rateHeaders = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]

    @Test func retryAfterStyleSpeaksOnlyOnA429() async throws {
        try await EmulatorHarness.with({
            $0.rateLimit = 0.5
            $0.burst = 2
            $0.limiter.headers = .retryAfter
        }) { live in
            let first = try await live.send(.GET, "/v1/sources")
            #expect(first.status == 200)
            for name in Self.rateHeaders + ["Retry-After"] {
                #expect(first.headers.first(name: name) == nil, "\(name)")
            }
            #expect(try await live.send(.GET, "/v1/sources").status == 200)
            let refused = try await live.send(.GET, "/v1/sources")
            #expect(refused.status == 429)
            #expect(refused.headers.first(name: "Retry-After") == "2", "one token takes 2 s at 0.5/s")
            #expect(refused.headers.first(name: "X-RateLimit-Limit") == "2")
            #expect(refused.headers.first(name: "X-RateLimit-Remaining") == "0")
            #expect(refused.headers.first(name: "X-RateLimit-Reset") == nil)
            #expect(refused.errors?.first?.hasPrefix("Rate limit exceeded") == true)
        }
    }

    @Test func noneStyleAnswersABare429WithATextBody() async throws {
        try await EmulatorHarness.with({
            $0.rateLimit = 0.5
            $0.burst = 1
            $0.limiter.headers = .none
            $0.limiter.body = .text
        }) { live in
            let allowed = try await live.send(.GET, "/v1/sources")
            #expect(allowed.status == 200)
            #expect(allowed.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true)
            let refused = try await live.send(.GET, "/v1/sources")
            #expect(refused.status == 429)
            for name in Self.rateHeaders + ["Retry-After"] {
                #expect(refused.headers.first(name: name) == nil, "\(name)")
            }
            #expect(refused.headers.first(name: "Content-Type") == "text/plain")
            #expect(refused.text == "Retry later\n")
            let stats = try await live.emulator.stats()
            #expect(stats.rateLimited == 1)
        }
    }

    @Test func aFixedWindowAllowsRateTimesSecondsThenRefusesUntilItEnds() async throws {
        try await EmulatorHarness.with({
            $0.rateLimit = 2
            $0.limiter.window = 3  // 6 requests per 3-second window
        }) { live in
            // Start right after a window boundary, so all 7 requests fall in one window.
            try await Self.waitForWindowStart(seconds: 3)
            var statuses: [Int] = []
            var last: TestResponse?
            for _ in 0..<7 {
                let response = try await live.send(.GET, "/v1/sources")
                statuses.append(response.status)
                last = response
            }
            #expect(statuses == [200, 200, 200, 200, 200, 200, 429])
            let refused = try #require(last)
            let retryAfter = try #require(refused.headers.first(name: "Retry-After").flatMap(Int.init))
            #expect((1...3).contains(retryAfter), "until the window ends: \(retryAfter)")
            #expect(refused.headers.first(name: "X-RateLimit-Limit") == "6")
            #expect(refused.headers.first(name: "X-RateLimit-Remaining") == "0")
            // A token bucket at 2/s would have let one through after 0.5 s; the window does not.
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await live.send(.GET, "/v1/sources").status == 429)
            try await Task.sleep(for: .seconds(Double(retryAfter)))
            #expect(try await live.send(.GET, "/v1/sources").status == 200)
        }
    }

    @Test func serveRefusesAWindowOrAStyleThatMakesNoSense() {
        var configuration = EmulatorConfiguration()
        configuration.rateLimit = 10
        configuration.limiter.window = 0
        #expect(configuration.problems.contains { $0.contains("--rate-limit-window") })
        configuration.limiter.window = 0.1  // 10 × 0.1 = 1 request per window: allowed
        #expect(configuration.problems.isEmpty)
        configuration.limiter.window = 0.01  // 0.1 requests per window: never a request
        #expect(configuration.problems.contains { $0.contains("--rate-limit-window") })
    }

    /// Sleeps until just after the wall clock passes a multiple of `seconds` since the epoch.
    private static func waitForWindowStart(seconds: Double) async throws {
        let now = Date().timeIntervalSince1970
        let next = (now / seconds).rounded(.down) * seconds + seconds
        try await Task.sleep(for: .seconds(next - now + 0.05))
    }
}
