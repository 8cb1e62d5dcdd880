import Foundation
import Testing

import SourcesEmulator
@testable import SourcesAPI
@testable import SourcesHTTP

/// Governor + client + emulator on real sockets and real time, as the uploader composes
/// them: several workers share one governor and one connection pool.
@Suite("Governed load against the emulator", .serialized)
struct GovernedLoadTests {
    static let key = "load-key-1"

    struct Result {
        var ok = 0
        var throttled = 0
        var other = 0
        var elapsed: Double = 0
    }

    /// `workers` tasks send GETs for `seconds`, each through `governor`.
    private func run(
        emulator: RunningEmulator, governor: RateGovernor, workers: Int, seconds: Double
    ) async throws -> Result {
        let api = try APIConfiguration.resolve(
            endpoint: emulator.baseURL, apiKeyFile: nil, allowHTTP: false, environment: ["IMAGEBOSS_API_KEY": Self.key])
        let client = SourcesClient(configuration: api, maximumConnections: workers)
        // Warm up: open the pool's connections before measuring (not counted, not governed).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<workers { group.addTask { _ = try? await client.list() } }
            try await group.waitForAll()
        }
        let start = ContinuousClock.now
        let end = start + .seconds(seconds)
        let result = try await withThrowingTaskGroup(of: Result.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var r = Result()
                    while ContinuousClock.now < end {
                        try await governor.acquire()
                        do throws(APIError) {
                            let response = try await client.list()
                            await governor.record(.success(response.rateLimit))
                            r.ok += 1
                        } catch {
                            await governor.record(error: error)
                            if error.status == 429 { r.throttled += 1 } else { r.other += 1 }
                        }
                    }
                    return r
                }
            }
            var total = Result()
            for try await r in group {
                total.ok += r.ok
                total.throttled += r.throttled
                total.other += r.other
            }
            return total
        }
        await client.shutdown()
        var out = result
        out.elapsed = (ContinuousClock.now - start).seconds
        return out
    }

    @Test func settlesNearTheEmulatorsLimitWithFew429s() async throws {
        var config = EmulatorConfiguration()
        config.addKey(Self.key)
        config.rateLimit = 40
        config.latencyMilliseconds = 5
        let emulator = try await RunningEmulator.start(config)
        let governor = RateGovernor(maxRate: nil)
        let r = try await run(emulator: emulator, governor: governor, workers: 8, seconds: 8)
        try await emulator.shutdown()
        // The most the server allows in that time: its refill plus its bucket, less the
        // 8 warm-up requests.
        let allowed = 40 * r.elapsed + 40 - 8
        let refused = Double(r.throttled) / Double(r.ok + r.throttled)
        let snapshot = await governor.snapshot()
        print(
            "load at 40/s: \(r.ok) ok, \(r.throttled) 429 in \(r.elapsed) s = \(Double(r.ok) / allowed) of allowed; \(snapshot)"
        )
        #expect(r.other == 0)
        #expect(Double(r.ok) >= 0.9 * allowed, "\(r.ok) of \(allowed) allowed")
        #expect(refused <= 0.05, "refused \(refused)")
        let ceiling = try #require(snapshot.ceiling)
        #expect(ceiling > 36 && ceiling < 44, "estimated limit \(ceiling)")
    }

    @Test func slowStartIsNotTheBottleneckOnAFastServer() async throws {
        var config = EmulatorConfiguration()
        config.addKey(Self.key)
        config.latencyMilliseconds = 20
        let emulator = try await RunningEmulator.start(config)
        // Unlimited server, 8 workers at ~20 ms each (~400/s in all): what the governor lets
        // through vs. what the same workers achieve ungoverned.
        let governor = RateGovernor(maxRate: nil)
        let governed = try await run(emulator: emulator, governor: governor, workers: 8, seconds: 3)
        let free = RateGovernor(maxRate: nil, initialRate: 1_000_000)
        let ungoverned = try await run(emulator: emulator, governor: free, workers: 8, seconds: 3)
        try await emulator.shutdown()
        let g = Double(governed.ok) / governed.elapsed
        let u = Double(ungoverned.ok) / ungoverned.elapsed
        let rate = await governor.currentRate
        print("fast server: governed \(g)/s, ungoverned \(u)/s, governor rate \(rate)")
        #expect(governed.throttled == 0)
        #expect(g >= 0.8 * u, "governed \(g)/s vs ungoverned \(u)/s")
        #expect(rate >= u, "rate \(rate)")
    }
}
