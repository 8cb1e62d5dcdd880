import AsyncHTTPClient
import Foundation
import NIOHTTP1
import SourcesEmulator
import TestSupport
import Testing

/// Seeded faults: 503 instead of handling, dropped connections, commits that
/// answer 503, latency; and replay of the same decisions with the same seed.
@Suite struct FaultInjectionTests {
    @Test func faultRateAnswers503WithoutHandling() async throws {
        try await EmulatorHarness.with({ $0.faultRate = 1 }) { live in
            let response = try await live.create("never")
            #expect(response.status == 503)
            #expect(response.errors?.count == 1)
            let stats = try await live.emulator.stats()
            #expect(stats.faults.serviceUnavailable == 1)
            #expect(stats.count(status: 503) == 1)
        }
    }

    @Test func commitFailureWritesThenAnswers503() async throws {
        try await EmulatorHarness.with({ $0.commitFailRate = 1 }) { live in
            let response = try await live.create("written-anyway")
            #expect(response.status == 503)
            let list = try await live.send(.GET, "/v1/sources")
            #expect(list.status == 200, "reads are not writes: no commit failure")
            #expect(list.array?.compactMap { $0["source"] as? String } == ["written-anyway"])
            // A naive retry now collides with the write that did happen.
            let retry = try await live.create("written-anyway")
            #expect(retry.status == 422)
            #expect(retry.errors == ["Source has already been taken"])
            let stats = try await live.emulator.stats()
            #expect(stats.faults.commitFailed == 1, "a rejected write is not a commit failure")
        }
    }

    @Test func dropClosesTheConnectionWithoutAnswer() async throws {
        try await EmulatorHarness.with({ $0.dropRate = 1 }) { live in
            await #expect(throws: (any Error).self) {
                _ = try await live.create("dropped")
            }
            let stats = try await live.emulator.stats()
            #expect(stats.faults.dropped >= 1)
            #expect(stats.requestsByStatus.isEmpty, "no response went out")
        }
        // The dropped request was not handled.
        try await EmulatorHarness.with { live in
            let list = try await live.send(.GET, "/v1/sources")
            #expect(list.array?.isEmpty == true)
        }
    }

    @Test func dropReallyClosesTheSocket() async throws {
        try await EmulatorHarness.with({ $0.dropRate = 1 }) { live in
            let reply = try RawSocket.exchange(
                port: live.emulator.port,
                request: "GET /v1/sources HTTP/1.1\r\nHost: x\r\nimageboss-api-key: key-a\r\n\r\n")
            #expect(reply.isEmpty, "the server closed the connection without writing a byte")
        }
    }

    @Test func latencyDelaysEachResponse() async throws {
        try await EmulatorHarness.with({ $0.latencyMilliseconds = 200 }) { live in
            let clock = ContinuousClock()
            var durations: [Duration] = []
            for _ in 0..<4 {
                let start = clock.now
                _ = try await live.send(.GET, "/v1/sources")
                durations.append(clock.now - start)
            }
            // Each response waits at least 0.5 × 200 ms. The upper end (1.5 × 200 ms) is not
            // checked against the wall clock: with every suite running at once on 2 cores, a
            // response can be late for reasons that have nothing to do with the emulator.
            #expect(durations.allSatisfy { $0 >= .milliseconds(100) && $0 < .seconds(5) })
            #expect(try await live.emulator.stats().faults.delayed == 4)
        }
    }

    /// The same seed replays the same faults for the same sequence of requests.
    @Test func sameSeedSameFaults() async throws {
        func run(seed: UInt64) async throws -> [Int] {
            try await EmulatorHarness.with({
                $0.seed = seed
                $0.faultRate = 0.3
                $0.commitFailRate = 0.3
            }) { live in
                var statuses: [Int] = []
                for i in 0..<40 {
                    statuses.append(try await live.create("source-\(i)").status)
                }
                return statuses
            }
        }
        let first = try await run(seed: 42)
        let second = try await run(seed: 42)
        let other = try await run(seed: 7)
        #expect(first == second)
        #expect(first != other)
        #expect(first.contains(503) && first.contains(201))
    }
}
