import Foundation
import NIOHTTP1
import SourcesEmulator
import TestSupport
import Testing

/// `--rate-limit R --burst B`: a token bucket per account, 429 with the headers.
@Suite struct RateLimitTests {
    @Test func overTheLimitIs429WithHeaders() async throws {
        try await EmulatorHarness.with({
            $0.rateLimit = 0.5; $0.burst = 3
        }) { live in
            var statuses: [Int] = []
            var last: TestResponse?
            for _ in 0..<4 {
                let response = try await live.send(.GET, "/v1/sources")
                statuses.append(response.status)
                last = response
                if response.status == 200 {
                    #expect(response.headers.first(name: "X-RateLimit-Limit") == "3")
                }
            }
            #expect(statuses == [200, 200, 200, 429])
            let refused = try #require(last)
            #expect(refused.errors?.first?.hasPrefix("Rate limit exceeded") == true)
            let retryAfter = try #require(refused.headers.first(name: "Retry-After").flatMap(Int.init))
            #expect((1...2).contains(retryAfter), "one token takes 2 s at 0.5/s")
            #expect(refused.headers.first(name: "X-RateLimit-Limit") == "3")
            #expect(refused.headers.first(name: "X-RateLimit-Remaining") == "0")
            let reset = try #require(refused.headers.first(name: "X-RateLimit-Reset").flatMap(Int.init))
            #expect((5...6).contains(reset), "a full bucket of 3 takes 6 s at 0.5/s")

            // Another account has its own bucket.
            #expect(try await live.send(.GET, "/v1/sources", key: "key-b").status == 200)
            // A second key of the same account shares the bucket.
            #expect(try await live.send(.GET, "/v1/sources", key: "key-a2").status == 429)

            let stats = try await live.emulator.stats()
            #expect(stats.rateLimited == 2)
            #expect(stats.count(status: 429) == 2)
        }
    }

    @Test func tokensComeBackOverTime() async throws {
        try await EmulatorHarness.with({
            $0.rateLimit = 2; $0.burst = 1
        }) { live in
            #expect(try await live.send(.GET, "/v1/sources").status == 200)
            #expect(try await live.send(.GET, "/v1/sources").status == 429)
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await live.send(.GET, "/v1/sources").status == 200)
        }
    }

    @Test func unauthenticatedRequestsDoNotSpendTokens() async throws {
        try await EmulatorHarness.with({
            $0.rateLimit = 0.1; $0.burst = 1
        }) { live in
            for _ in 0..<3 {
                let refused = try await live.send(.GET, "/v1/sources", key: "nope")
                #expect(refused.status == 401)
            }
            let allowed = try await live.send(.GET, "/v1/sources")
            #expect(allowed.status == 200)
        }
    }
}
