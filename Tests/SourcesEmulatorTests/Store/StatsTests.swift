import Foundation
import NIOHTTP1
import SourcesEmulator
import TestSupport
import Testing

/// `GET /_emulator/stats` and `RunningEmulator.stats()` report what the server saw.
@Suite struct StatsTests {
    @Test func countsByMethodAndStatus() async throws {
        try await EmulatorHarness.with { live in
            _ = try await live.create("one")
            _ = try await live.create("one")
            _ = try await live.send(.GET, "/v1/sources")
            _ = try await live.send(.GET, "/v1/sources", key: nil)
            _ = try await live.send(.DELETE, "/v1/sources/000000000000000000000000")

            let stats = try await live.emulator.stats()
            #expect(stats.totalRequests == 5)
            #expect(stats.requestsByMethod == ["POST": 2, "GET": 2, "DELETE": 1])
            #expect(stats.requestsByStatus == ["201": 1, "422": 1, "200": 1, "401": 1, "404": 1])
            #expect(stats.faults == EmulatorStats.Faults())

            let endpoint = try await live.send(.GET, "/_emulator/stats", key: nil)
            #expect(endpoint.status == 200)
            let decoded = try JSONDecoder().decode(EmulatorStats.self, from: Data(endpoint.text.utf8))
            #expect(decoded == stats, "the endpoint itself is not counted")
            #expect(
                endpoint.object?["requests_by_status"] as? [String: Int] == [
                    "201": 1, "422": 1, "200": 1, "401": 1, "404": 1,
                ])
        }
    }
}
