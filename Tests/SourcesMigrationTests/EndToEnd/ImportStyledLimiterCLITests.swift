import Foundation
import SourcesAPI
import SourcesCore
import SourcesEmulator
import SourcesHTTP
import SourcesMigration
import TestSupport
import Testing

/// `ibsources import` (the built binary) against the emulator in each limiter style, on a real
/// socket: every record created, none failed, exit 0; and a key locked out for good stops the
/// run after `--stall-timeout` with exit 3 and the resume hint.
@Suite(.serialized) struct ImportStyledLimiterCLITests {
    private func run(_ harness: EmulatorHarness, _ arguments: [String]) async throws -> (status: Int32?, output: String)
    {
        let process = try CLI.start(
            arguments, environment: [APIConfiguration.apiKeyVariable: EmulatorHarness.key],
            outputPath: harness.directory.file("out-\(UUID().uuidString).txt"), directory: harness.directory.path)
        let status = await process.wait()
        return (status, process.output)
    }

    private func writeInput(_ harness: EmulatorHarness, count: Int) throws {
        var text = "source,source_type,url\n"
        for i in 1...count { text += "styled-\(i),url,https://img\(i).example.com\n" }
        try text.write(toFile: harness.directory.file("in.csv"), atomically: true, encoding: .utf8)
    }

    struct Style: Sendable, CustomTestStringConvertible {
        var headers: LimiterStyle.Headers
        var body: LimiterStyle.Body = .json
        var window: Double?
        var testDescription: String {
            "\(headers.rawValue), \(body.rawValue)" + (window.map { ", window \($0) s" } ?? "")
        }
    }

    @Test(arguments: [
        Style(headers: .full), Style(headers: .retryAfter), Style(headers: .none, body: .text),
        Style(headers: .retryAfter, window: 2), Style(headers: .none, window: 2),
    ])
    func everyRecordIsCreatedAgainstEachKindOfLimiter(_ style: Style) async throws {
        try await EmulatorHarness.with({
            $0.rateLimit = 40
            $0.burst = 5
            $0.limiter.headers = style.headers
            $0.limiter.body = style.body
            $0.limiter.window = style.window
        }) { harness in
            try writeInput(harness, count: 120)
            let result = try await run(
                harness, ["import", "in.csv", "--yes", "--report", "r.json", "--endpoint", harness.endpoint])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("120 created"), "\(result.output)")
            #expect(result.output.contains("0 failed"), "\(result.output)")
            #expect(try await harness.account().count == 120)
            let stats = try await harness.emulator.stats()
            // Each create went through once: none was sent again after it had been carried out.
            #expect(stats.count(status: 201) == 120)
            #expect(stats.count(status: 422) == 0)
            #expect(Double(stats.rateLimited) <= 0.15 * Double(stats.totalRequests), "\(stats.rateLimited) refused")
        }
    }

    @Test func aKeyLockedOutStopsTheRunAfterTheStallTimeoutWithTheResumeHint() async throws {
        // A bucket of 3 that refills once in ~3 hours: the listing and two creates pass, then
        // every request is refused (Retry-After: 10000) until --stall-timeout 2 stops the run.
        try await EmulatorHarness.with({
            $0.rateLimit = 0.0001
            $0.burst = 3
            $0.limiter.headers = .retryAfter
        }) { harness in
            try writeInput(harness, count: 6)
            let started = ContinuousClock.now
            let result = try await run(
                harness,
                [
                    "import", "in.csv", "--yes", "--report", "r.json", "--stall-timeout", "2", "--concurrency", "1",
                    "--endpoint", harness.endpoint,
                ])
            let elapsed = ContinuousClock.now - started
            #expect(result.status == 3, "\(result.output)")
            #expect(result.output.contains("no request has succeeded for 2 s"), "\(result.output)")
            #expect(result.output.contains("rerun with --resume"), "\(result.output)")
            #expect(result.output.contains("2 created"), "\(result.output)")
            #expect(elapsed < .seconds(30), "stopped at the timeout, not after the server's pause: \(elapsed)")
        }
    }

    @Test func aStallTimeoutThatIsNotAPositiveNumberIsAUsageError() async throws {
        try await EmulatorHarness.with { harness in
            try writeInput(harness, count: 1)
            let result = try await run(
                harness, ["import", "in.csv", "--stall-timeout", "0", "--endpoint", harness.endpoint])
            #expect(result.status == 2, "\(result.output)")
            #expect(result.output.contains("--stall-timeout must be a positive number of seconds"), "\(result.output)")
        }
    }
}
