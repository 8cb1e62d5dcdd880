import Foundation
import Testing

@testable import SourcesAPI
@testable import SourcesHTTP

/// ProxySettings decides as the real curl does: for each environment, curl fetches an http
/// URL (through ``ForwardProxy``, or directly when it bypasses the proxy) and the proxy's log
/// says which; ProxySettings must agree. The documented differences (ports in NO_PROXY, `*`
/// among other entries, loopback, upper-case HTTP_PROXY) are left out: curl decides those
/// otherwise on purpose.
@Suite("ProxySettings agrees with curl", .serialized)
struct ProxySettingsCurlTests {
    /// (host, environment); `PROXY` stands for the test proxy's URL.
    static let cases: [(String, [String: String])] = [
        ("api.example.test", ["http_proxy": "PROXY"]),
        ("api.example.test", ["http_proxy": "PROXY", "NO_PROXY": "example.test"]),
        ("api.example.test", ["http_proxy": "PROXY", "NO_PROXY": ".example.test"]),
        ("example.test", ["http_proxy": "PROXY", "NO_PROXY": ".example.test"]),
        ("api.example.test", ["http_proxy": "PROXY", "NO_PROXY": "EXAMPLE.test."]),
        ("api.notexample.test", ["http_proxy": "PROXY", "NO_PROXY": "example.test"]),
        ("api.example.test", ["http_proxy": "PROXY", "NO_PROXY": "*"]),
        ("api.example.test", ["http_proxy": "PROXY", "NO_PROXY": "other.test, example.test"]),
        ("api.example.test", ["http_proxy": "PROXY", "NO_PROXY": "other.test"]),
        ("api.example.test", ["http_proxy": "PROXY", "no_proxy": "other.test", "NO_PROXY": "example.test"]),
        ("api.example.test", ["http_proxy": "PROXY", "no_proxy": "", "NO_PROXY": "example.test"]),
        ("api.example.test", ["http_proxy": "", "ALL_PROXY": "PROXY"]),
        ("api.example.test", ["ALL_PROXY": "PROXY"]),
        ("api.example.test", ["all_proxy": "PROXY", "ALL_PROXY": ""]),
        ("api.example.test", ["https_proxy": "PROXY"]),
    ]

    @Test func curlAndProxySettingsMakeTheSameDecision() throws {
        let origin = try RawHTTPServer { _ in .respond(RawHTTPServer.response(status: 200, reason: "OK", body: "{}")) }
        defer { origin.stop() }
        let proxy = try ForwardProxy { _, _ in origin.port }
        defer { proxy.stop() }
        for (host, template) in Self.cases {
            let environment = template.mapValues { $0 == "PROXY" ? proxy.url : $0 }
            let url = "http://\(host):\(origin.port)/v1/sources"
            let before = proxy.entries.count
            let status = try curl(url, resolving: host, port: origin.port, environment: environment)
            #expect(status == 0, "curl failed for \(host) with \(environment)")
            let curlProxied = proxy.entries.count > before
            let ours = try ProxySettings(environment: environment).proxy(for: try #require(URL(string: url))) != nil
            #expect(ours == curlProxied, "\(host) with \(environment): curl \(curlProxied ? "proxied" : "went direct")")
        }
    }

    /// Runs curl with exactly `environment` (and PATH); `host` resolves to 127.0.0.1 for a direct request.
    private func curl(_ url: String, resolving host: String, port: Int, environment: [String: String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "curl", "-s", "-o", "/dev/null", "--max-time", "10", "--resolve", "\(host):\(port):127.0.0.1", url,
        ]
        process.environment = environment.merging(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"]) {
            $1
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
