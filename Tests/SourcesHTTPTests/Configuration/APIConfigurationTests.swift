import Foundation
import Testing

@testable import SourcesAPI
@testable import SourcesHTTP

@Suite("APIConfiguration")
struct APIConfigurationTests {
    private func tempFile(_ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ibs-key-\(UUID().uuidString)").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultEndpointAndKeyFromEnvironment() throws {
        let config = try APIConfiguration.resolve(
            endpoint: nil, apiKeyFile: nil, allowHTTP: false, environment: ["IMAGEBOSS_API_KEY": "env-key-123"])
        #expect(config.endpoint.absoluteString == "https://api.imageboss.me/v1")
        #expect(config.sourcesURL.absoluteString == "https://api.imageboss.me/v1/sources")
        #expect(config.apiKey.rawValue == "env-key-123")
    }

    @Test func endpointFlagBeatsEnvironmentAndTrailingSlashIsTolerated() throws {
        let env = ["IMAGEBOSS_API_KEY": "k", "IMAGEBOSS_API_URL": "https://env.example.com/v1"]
        let fromFlag = try APIConfiguration.resolve(
            endpoint: "https://flag.example.com/v1/", apiKeyFile: nil, allowHTTP: false, environment: env)
        #expect(fromFlag.sourcesURL.absoluteString == "https://flag.example.com/v1/sources")
        let fromEnv = try APIConfiguration.resolve(endpoint: nil, apiKeyFile: nil, allowHTTP: false, environment: env)
        #expect(fromEnv.sourcesURL.absoluteString == "https://env.example.com/v1/sources")
    }

    @Test func plainHTTPIsRefusedForRemoteHosts() {
        #expect(throws: ConfigurationError.insecureEndpoint("http://api.example.com/v1")) {
            try APIConfiguration.resolve(
                endpoint: "http://api.example.com/v1", apiKeyFile: nil, allowHTTP: false,
                environment: ["IMAGEBOSS_API_KEY": "k"])
        }
        let message = ConfigurationError.insecureEndpoint("http://api.example.com/v1").description
        #expect(message.contains("--allow-http"))
        #expect(message.contains("https://"))
    }

    @Test(arguments: [
        "http://127.0.0.1:8080/v1", "http://127.1.2.3/v1", "http://localhost:9000/v1", "http://[::1]:8080/v1",
    ])
    func plainHTTPIsAllowedOnLoopback(endpoint: String) throws {
        let config = try APIConfiguration.resolve(
            endpoint: endpoint, apiKeyFile: nil, allowHTTP: false, environment: ["IMAGEBOSS_API_KEY": "k"])
        #expect(config.endpoint.scheme == "http")
    }

    @Test func loopbackDetectionIsExact() {
        #expect(APIConfiguration.isLoopback(host: "127.0.0.1"))
        #expect(APIConfiguration.isLoopback(host: "[::1]"))
        #expect(!APIConfiguration.isLoopback(host: "128.0.0.1"))
        #expect(!APIConfiguration.isLoopback(host: "127.0.0.1.evil.com"))
        #expect(!APIConfiguration.isLoopback(host: "localhost.evil.com"))
        #expect(!APIConfiguration.isLoopback(host: "10.0.0.1"))
    }

    @Test func allowHTTPPermitsRemotePlainHTTP() throws {
        let config = try APIConfiguration.resolve(
            endpoint: "http://staging.example.com/v1", apiKeyFile: nil, allowHTTP: true,
            environment: ["IMAGEBOSS_API_KEY": "k"])
        #expect(config.sourcesURL.absoluteString == "http://staging.example.com/v1/sources")
        #expect(config.allowHTTP)
    }

    @Test func invalidEndpointsAreRefused() {
        for bad in ["ftp://example.com/v1", "api.imageboss.me/v1", "https://", "not a url"] {
            #expect(throws: ConfigurationError.self) {
                try APIConfiguration.resolve(
                    endpoint: bad, apiKeyFile: nil, allowHTTP: true, environment: ["IMAGEBOSS_API_KEY": "k"])
            }
        }
    }

    @Test func keyFileBeatsEnvironmentAndTrailingNewlineIsTrimmed() throws {
        let path = try tempFile("file-key-456\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try APIConfiguration.resolve(
            endpoint: nil, apiKeyFile: path, allowHTTP: false, environment: ["IMAGEBOSS_API_KEY": "env-key"])
        #expect(config.apiKey.rawValue == "file-key-456")
    }

    @Test func emptyKeyFileIsRefused() throws {
        let path = try tempFile("\n  \n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConfigurationError.emptyKeyFile(path: path)) {
            try APIConfiguration.resolve(
                endpoint: nil, apiKeyFile: path, allowHTTP: false, environment: ["IMAGEBOSS_API_KEY": "env-key"])
        }
    }

    @Test func missingKeyFileSaysWhatIsWrong() {
        do {
            _ = try APIConfiguration.resolve(
                endpoint: nil, apiKeyFile: "/nonexistent/ibs-key", allowHTTP: false, environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error == .unreadableKeyFile(path: "/nonexistent/ibs-key", reason: "no such file"))
            #expect(error.description.contains("/nonexistent/ibs-key"))
        }
    }

    @Test func missingKeyTellsTheUserWhatToSet() {
        do {
            _ = try APIConfiguration.resolve(
                endpoint: nil, apiKeyFile: nil, allowHTTP: false, environment: ["IMAGEBOSS_API_KEY": ""])
            Issue.record("expected an error")
        } catch {
            #expect(error == .missingAPIKey)
            #expect(error.description.contains("IMAGEBOSS_API_KEY"))
            #expect(error.description.contains("--api-key-file"))
        }
    }

    @Test func keyIsNeverPrinted() throws {
        let secret = "sk_live_very_secret_value"
        let config = try APIConfiguration.resolve(
            endpoint: nil, apiKeyFile: nil, allowHTTP: false, environment: ["IMAGEBOSS_API_KEY": secret])
        let renderings = [
            "\(config.apiKey)", String(describing: config.apiKey), String(reflecting: config.apiKey),
            "\(config)", String(reflecting: config),
            {
                var s = ""; dump(config, to: &s); return s
            }(),
            {
                var s = ""; dump(config.apiKey, to: &s); return s
            }(),
        ]
        for text in renderings {
            #expect(!text.contains(secret), "leaked in: \(text.prefix(80))")
        }
        #expect("\(config.apiKey)" == "****")
    }
}
