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
