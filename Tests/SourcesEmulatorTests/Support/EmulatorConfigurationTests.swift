import SourcesEmulator
import Testing

@Suite struct EmulatorConfigurationTests {
    @Test func keysWithAndWithoutAccount() {
        var configuration = EmulatorConfiguration()
        configuration.addKey("alpha:acme")
        configuration.addKey("beta")
        configuration.addKey(" gamma : shop , delta:, ,:nokey")
        #expect(configuration.apiKeys == ["alpha": "acme", "beta": "beta", "gamma": "shop", "delta": "delta"])
    }

    @Test func problemsNameTheFlag() {
        var configuration = EmulatorConfiguration()
        configuration.faultRate = 1.5
        configuration.port = 70000
        configuration.rateLimit = 0
        #expect(configuration.problems.count == 3)
        #expect(configuration.problems.contains { $0.contains("--fault-rate") })
    }
}

@Suite struct EmulatorStartTests {
    @Test func portInUseIsAClearError() async throws {
        var configuration = EmulatorConfiguration()
        configuration.addKey("k")
        let first = try await RunningEmulator.start(configuration)
        configuration.port = first.port
        await #expect(throws: EmulatorError.self) { _ = try await RunningEmulator.start(configuration) }
        #expect(first.baseURL == "http://127.0.0.1:\(first.port)/v1")
        try await first.shutdown()
        try await first.shutdown()
    }

    @Test func invalidConfigurationIsRefused() async throws {
        var configuration = EmulatorConfiguration()
        configuration.dropRate = -0.1
        await #expect(throws: EmulatorError.self) { _ = try await RunningEmulator.start(configuration) }
    }
}
