import Foundation
import Testing

@testable import SourcesAPI
@testable import SourcesHTTP

/// The pure proxy decision: which variable names the proxy, what NO_PROXY bypasses, and that
/// proxy credentials never show.
@Suite("ProxySettings")
struct ProxySettingsTests {
    private func proxy(_ url: String, _ environment: [String: String]) throws -> ProxyServer? {
        try ProxySettings(environment: environment).proxy(for: try #require(URL(string: url)))
    }

    @Test func noVariableMeansDirect() throws {
        #expect(try proxy("https://api.imageboss.me/v1", [:]) == nil)
        #expect(try proxy("https://api.imageboss.me/v1", ["PATH": "/bin"]) == nil)
    }

    @Test func theSchemeChoosesTheVariableAndLowerCaseWins() throws {
        let env = [
            "HTTPS_PROXY": "http://upper-s:3001", "https_proxy": "http://lower-s:3002",
            "HTTP_PROXY": "http://upper-h:3003", "http_proxy": "http://lower-h:3004",
        ]
        #expect(try proxy("https://api.example.com/v1", env)?.host == "lower-s")
        #expect(try proxy("https://api.example.com/v1", env)?.variable == "https_proxy")
        #expect(try proxy("http://api.example.com/v1", env)?.host == "lower-h")
        var upperOnly = env
        upperOnly["https_proxy"] = nil
        upperOnly["http_proxy"] = nil
        #expect(try proxy("https://api.example.com/v1", upperOnly)?.host == "upper-s")
        #expect(try proxy("http://api.example.com/v1", upperOnly)?.host == "upper-h")
        // An https URL never uses the http proxy, nor the other way round.
        #expect(try proxy("https://api.example.com/v1", ["HTTP_PROXY": "http://h:1"]) == nil)
        #expect(try proxy("http://api.example.com/v1", ["HTTPS_PROXY": "http://s:1"]) == nil)
    }

    @Test func anEmptyVariableCountsAsUnsetAsInCurl() throws {
        let env = ["https_proxy": "", "HTTPS_PROXY": "http://upper:3128", "ALL_PROXY": "http://all:3128"]
        #expect(try proxy("https://api.example.com/v1", env)?.host == "upper")
        #expect(
            try proxy("https://api.example.com/v1", ["https_proxy": " ", "ALL_PROXY": "http://all:1"])?.host == "all")
        let noProxy = ["HTTPS_PROXY": "http://p:1", "no_proxy": "", "NO_PROXY": "example.com"]
        #expect(try proxy("https://api.example.com/v1", noProxy) == nil)
    }

    @Test func allProxyIsTheFallback() throws {
        #expect(try proxy("https://api.example.com/v1", ["ALL_PROXY": "http://all:8080"])?.host == "all")
        let both = ["ALL_PROXY": "http://upper:8080", "all_proxy": "http://lower:8080"]
        #expect(try proxy("http://api.example.com/v1", both)?.host == "lower")
        #expect(try proxy("https://x.example/", ["all_proxy": "http://a:1", "HTTPS_PROXY": "http://s:1"])?.host == "s")
    }

    @Test func upperCaseHTTPProxyIsIgnoredInACGIEnvironment() throws {
        let env = ["HTTP_PROXY": "http://from-a-request-header:1", "REQUEST_METHOD": "GET"]
        #expect(try proxy("http://api.example.com/v1", env) == nil)
        #expect(
            try proxy("http://api.example.com/v1", ["http_proxy": "http://p:1", "REQUEST_METHOD": "GET"])?.host == "p")
    }

    @Test func proxyStringsAreParsedAsCurlParsesThem() throws {
        let bare = try #require(try proxy("https://api.example.com/", ["HTTPS_PROXY": "proxy.corp"]))
        #expect(bare.host == "proxy.corp")
        #expect(bare.port == 1080)
        #expect(bare.credentials == nil)
        let full = try #require(
            try proxy(
                "https://api.example.com/", ["HTTPS_PROXY": " http://jane%40corp:p%3Ass%2Fw0rd@proxy.corp:3128/ "]))
        #expect(full.host == "proxy.corp")
        #expect(full.port == 3128)
        #expect(full.credentials == ProxyCredentials(username: "jane@corp", password: "p:ss/w0rd"))
        let v6 = try #require(try proxy("https://api.example.com/", ["HTTPS_PROXY": "http://[fd00::5]:3128"]))
        #expect(v6.host == "fd00::5")
        #expect(v6.description == "http://[fd00::5]:3128")
        let userOnly = try #require(try proxy("https://api.example.com/", ["HTTPS_PROXY": "http://jane@p:1"]))
        #expect(userOnly.credentials == ProxyCredentials(username: "jane", password: ""))
    }

    @Test func unusableProxiesAreRefusedWithoutShowingTheirCredentials() {
        for (value, words) in [
            ("https://jane:TopSecret1@proxy.corp:443", "https://"),
            ("socks5h://jane:TopSecret1@proxy.corp:1080", "SOCKS"),
            ("ftp://jane:TopSecret1@proxy.corp", "unknown proxy scheme"),
            ("http://jane:TopSecret1@:3128", "no host"),
        ] {
            do {
                _ = try proxy("https://api.example.com/", ["HTTPS_PROXY": value])
                Issue.record("\(ProxyServer.redacted(value)) was accepted")
            } catch {
                let message = "\(error)"
                #expect(message.contains(words), "\(message)")
                #expect(message.contains("HTTPS_PROXY"))
                #expect(message.contains("****@"), "\(message)")
                #expect(!message.contains("TopSecret1"))
                #expect(!message.contains("jane"))
            }
        }
    }

    @Test func aBrokenVariableThatDoesNotApplyIsNotRead() throws {
        #expect(try proxy("https://api.example.com/", ["HTTP_PROXY": "ftp://x"]) == nil)
        #expect(try proxy("https://api.example.com/", ["HTTPS_PROXY": "ftp://x", "NO_PROXY": "example.com"]) == nil)
    }

    @Test func credentialsNeverShowInDescriptionsOrDumps() throws {
        let server = try #require(
            try proxy("https://api.example.com/", ["HTTPS_PROXY": "http://jane:TopSecret1@proxy.corp:3128"]))
        var dumped = ""
        dump(server, to: &dumped)
        for text in ["\(server)", String(reflecting: server), dumped, server.named, "\(server.credentials as Any)"] {
            #expect(!text.contains("TopSecret1"), "\(text)")
            #expect(!text.contains("jane"), "\(text)")
        }
        #expect("\(server)" == "http://****@proxy.corp:3128")
        #expect(server.named == "the proxy http://****@proxy.corp:3128 of HTTPS_PROXY")
        #expect(ProxyServer.redacted("http://u:p@h:1/x@y") == "http://****@h:1/x@y")
        #expect(ProxyServer.redacted("u:p@h:1") == "****@h:1")
        #expect(ProxyServer.redacted("http://h:1") == "http://h:1")
    }

    @Test(arguments: [
        // (NO_PROXY, URL, bypassed)
        ("example.com", "https://example.com/v1", true),
        ("example.com", "https://api.example.com/v1", true),
        ("example.com", "https://API.Example.COM./v1", true),
        ("example.com", "https://notexample.com/v1", false),
        ("example.com", "https://example.com.evil.net/v1", false),
        (".example.com", "https://example.com/v1", true),
        (".example.com", "https://deep.api.example.com/v1", true),
        ("*.example.com", "https://api.example.com/v1", true),
        ("example.com.", "https://api.example.com/v1", true),
        ("EXAMPLE.com", "https://api.example.com/v1", true),
        ("other.org, example.com", "https://api.example.com/v1", true),
        ("other.org example.com", "https://api.example.com/v1", true),
        ("other.org,,\texample.com,", "https://api.example.com/v1", true),
        ("other.org", "https://api.example.com/v1", false),
        ("*", "https://api.example.com/v1", true),
        ("other.org,*", "https://api.example.com/v1", true),
        ("", "https://api.example.com/v1", false),
        ("example.com:443", "https://api.example.com/v1", true),
        ("example.com:8443", "https://api.example.com/v1", false),
        ("example.com:8443", "https://api.example.com:8443/v1", true),
        ("example.com:80", "http://api.example.com/v1", true),
        ("10.1.2.3", "https://10.1.2.3/v1", true),
        ("10.1.2.3", "https://10.1.2.4/v1", false),
        ("10.0.0.0/8", "https://10.200.3.4/v1", true),
        ("10.0.0.0/8", "https://11.0.0.1/v1", false),
        ("192.168.0.0/16", "https://192.168.77.1/v1", true),
        ("172.16.0.0/12", "https://172.31.255.1/v1", true),
        ("172.16.0.0/12", "https://172.32.0.1/v1", false),
        ("10.1.2.3:8443", "https://10.1.2.3:8443/v1", true),
        ("10.1.2.3:8443", "https://10.1.2.3/v1", false),
        ("10.1.2.3", "https://a10.1.2.3.example/v1", false),
        ("fd00::/8", "https://[fd12:3456::1]/v1", true),
        ("fd00::/8", "https://[fe80::1]/v1", false),
        ("fd12::7", "https://[FD12::7]/v1", true),
        ("[fd12::7]:8443", "https://[fd12::7]:8443/v1", true),
        ("[fd12::7]:8443", "https://[fd12::7]/v1", false),
        ("example", "https://example/v1", true),
    ])
    func noProxyDecidesAsCurlDoes(noProxy: String, url: String, bypassed: Bool) throws {
        let env = [
            "HTTPS_PROXY": "http://proxy.corp:3128", "HTTP_PROXY": "http://proxy.corp:3128", "NO_PROXY": noProxy,
        ]
        #expect((try proxy(url, env) == nil) == bypassed)
    }

    @Test func lowerCaseNoProxyWins() throws {
        let env = ["HTTPS_PROXY": "http://p:1", "NO_PROXY": "example.com", "no_proxy": "other.org"]
        #expect(try proxy("https://api.example.com/v1", env) != nil)
        #expect(try proxy("https://api.other.org/v1", env) == nil)
    }

    @Test(arguments: [
        "http://localhost:8080/v1", "http://127.0.0.1:9/v1", "http://127.3.2.1/v1", "http://[::1]:8080/v1",
        "http://emulator.localhost:8080/v1", "http://LOCALHOST./v1",
    ])
    func loopbackNeverUsesTheProxy(url: String) throws {
        #expect(
            try proxy(url, ["HTTP_PROXY": "http://p:1", "http_proxy": "http://p:1", "ALL_PROXY": "http://p:1"]) == nil)
    }

    @Test func resolveCarriesTheProxyForTheEndpoint() throws {
        let env = ["IMAGEBOSS_API_KEY": "k", "HTTPS_PROXY": "http://jane:pw@proxy.corp:3128"]
        let config = try APIConfiguration.resolve(
            endpoint: "https://api.example.com/v1", apiKeyFile: nil, allowHTTP: false, environment: env)
        #expect(config.proxy?.host == "proxy.corp")
        #expect(config.proxy?.credentials?.password == "pw")
        let bypassed = try APIConfiguration.resolve(
            endpoint: "https://api.example.com/v1", apiKeyFile: nil, allowHTTP: false,
            environment: env.merging(["NO_PROXY": ".example.com"]) { $1 })
        #expect(bypassed.proxy == nil)
        #expect(throws: ConfigurationError.self) {
            try APIConfiguration.resolve(
                endpoint: "https://api.example.com/v1", apiKeyFile: nil, allowHTTP: false,
                environment: ["IMAGEBOSS_API_KEY": "k", "HTTPS_PROXY": "socks5://p:1"])
        }
    }
}
