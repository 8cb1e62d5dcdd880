import Foundation
import Testing

import SourcesCore
import SourcesEmulator
@testable import SourcesAPI
@testable import SourcesHTTP

/// The real SourcesClient behind a forward proxy on loopback: every request goes through it
/// (CONNECT, with the proxy credentials of the URL), for an http and an https endpoint, and
/// NO_PROXY or a loopback endpoint bypasses it.
///
/// The endpoints are named `api.test`, a name no resolver answers (RFC 6761): only the proxy
/// knows where it is, so a request that succeeds cannot have gone around it.
@Suite("SourcesClient through a proxy", .serialized)
struct SourcesClientProxyTests {
    static let key = "proxy-test-key-41d7"
    static let proxyUser = "jane@corp"
    static let proxyPassword = "Pr0xy:Secret/9"

    /// `http://jane%40corp:Pr0xy%3ASecret%2F9@127.0.0.1:PORT`: the credentials percent-encoded, as a user writes them.
    private func proxyVariable(_ proxy: ForwardProxy) -> String {
        let allowed = CharacterSet.alphanumerics
        let user = Self.proxyUser.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        let password = Self.proxyPassword.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        return "http://\(user):\(password)@127.0.0.1:\(proxy.port)"
    }

    private var expectedAuthorization: String {
        "Basic " + Data("\(Self.proxyUser):\(Self.proxyPassword)".utf8).base64EncodedString()
    }

    private func client(endpoint: String, _ environment: [String: String]) throws -> SourcesClient {
        var api = try APIConfiguration.resolve(
            endpoint: endpoint, apiKeyFile: nil, allowHTTP: true,
            environment: environment.merging(["IMAGEBOSS_API_KEY": Self.key]) { $1 })
        api.requestTimeout = .seconds(15)
        return SourcesClient(configuration: api, maximumConnections: 2)
    }

    @Test func everyRequestToAnHTTPEndpointGoesThroughTheProxyWithItsCredentials() async throws {
        var config = EmulatorConfiguration()
        config.addKey("\(Self.key):acct")
        let emulator = try await RunningEmulator.start(config)
        let proxy = try ForwardProxy(credentials: (Self.proxyUser, Self.proxyPassword)) { host, port in
            host == "api.test" && port == emulator.port ? emulator.port : nil
        }
        defer { proxy.stop() }
        let client = try client(
            endpoint: "http://api.test:\(emulator.port)/v1", ["HTTP_PROXY": proxyVariable(proxy)])
        do {
            let source = Source(
                name: "through-proxy", type: "url", credentials: ["url": "https://images.example.com"])
            let created = try await client.create(source)
            let id = try #require(created.body.id)
            _ = try await client.list()
            _ = try await client.get(id: id)
            _ = try await client.update(id: id, name: "renamed", credentials: [:])
            _ = try await client.delete(id: id)
        } catch {
            await client.shutdown()
            try await emulator.shutdown()
            throw error
        }
        await client.shutdown()
        let stats = try await emulator.stats()
        try await emulator.shutdown()

        #expect(stats.totalRequests == 5)
        let entries = proxy.entries
        #expect(!entries.isEmpty)
        for entry in entries {
            #expect(entry.method == "CONNECT")
            #expect(entry.target == "api.test:\(emulator.port)")
            #expect(entry.proxyAuthorization == expectedAuthorization)
            #expect(entry.refusal == nil)
        }
        // All five requests, and their answers, crossed the proxy's tunnels.
        let carried = String(decoding: proxy.openingBytes(to: "api.test:\(emulator.port)"), as: UTF8.self)
        #expect(carried.hasPrefix("POST /v1/sources HTTP/1.1"))
        #expect(proxy.bytes(to: "api.test:\(emulator.port)").down > 0)
    }

    @Test func anHTTPSEndpointIsTunnelledWithConnectAndTLSRunsInsideTheTunnel() async throws {
        let tls = try TLSTestServer(commonName: "api.test")
        defer { tls.stop() }
        let proxy = try ForwardProxy(credentials: (Self.proxyUser, Self.proxyPassword)) { host, port in
            host == "api.test" && port == 443 ? tls.port : nil
        }
        defer { proxy.stop() }
        let client = try client(endpoint: "https://api.test/v1", ["HTTPS_PROXY": proxyVariable(proxy)])
        // The test server's self-signed certificate is not trusted: the request fails after
        // the handshake, which shows the TLS server was reached through the tunnel.
        await #expect(throws: APIError.self) { _ = try await client.list() }
        await client.shutdown()

        let entry = try #require(proxy.entries.first)
        #expect(entry.method == "CONNECT")
        #expect(entry.target == "api.test:443")
        #expect(entry.proxyAuthorization == expectedAuthorization)
        #expect(entry.refusal == nil)
        let hello = proxy.openingBytes(to: "api.test:443")
        #expect(hello.first == 0x16, "a TLS handshake record")
        #expect(hello.count > 5 && hello[1] == 0x03)
        #expect(hello.firstRange(of: Array("api.test".utf8)) != nil, "the ClientHello names api.test (SNI)")
        #expect(proxy.bytes(to: "api.test:443").down > 500, "the server's certificate came back through the tunnel")
    }

    @Test func noProxyAndLoopbackGoDirect() async throws {
        let proxy = try ForwardProxy { _, _ in nil }
        defer { proxy.stop() }
        // NO_PROXY names the host: the client connects itself, and api.test does not resolve.
        let bypassed = try client(
            endpoint: "https://api.test/v1", ["HTTPS_PROXY": proxy.url, "NO_PROXY": "localhost,.test"])
        do {
            _ = try await bypassed.list()
            Issue.record("api.test answered without the proxy")
        } catch {
            #expect("\(error)".contains("cannot resolve host api.test"), "\(error)")
        }
        await bypassed.shutdown()

        // A loopback endpoint never uses the proxy (its loopback is not ours).
        var config = EmulatorConfiguration()
        config.addKey("\(Self.key):acct")
        let emulator = try await RunningEmulator.start(config)
        let local = try client(endpoint: emulator.baseURL, ["HTTP_PROXY": proxy.url, "http_proxy": proxy.url])
        let listed = try await local.list()
        await local.shutdown()
        try await emulator.shutdown()
        #expect(listed.status == 200)
        #expect(proxy.entries.isEmpty)
    }

    @Test func aProxyThatWantsCredentialsSaysSoWithoutShowingThem() async throws {
        let proxy = try ForwardProxy(credentials: ("someone", "else")) { _, _ in nil }
        defer { proxy.stop() }
        let client = try client(endpoint: "https://api.test/v1", ["https_proxy": proxyVariable(proxy)])
        do {
            _ = try await client.list()
            Issue.record("expected a 407")
        } catch {
            let message = "\(error)"
            #expect(message.contains("407"), "\(message)")
            #expect(message.contains("https_proxy"), "\(message)")
            #expect(message.contains("127.0.0.1:\(proxy.port)"), "\(message)")
            #expect(!message.contains("Secret"), "\(message)")
            #expect(!message.contains("jane"), "\(message)")
        }
        await client.shutdown()
        #expect(proxy.entries.first?.refusal == 407)
    }

    @Test func aProxyThatIsNotThereIsNamedAsTheProxy() async throws {
        let closed = try ForwardProxy { _, _ in nil }
        let port = closed.port
        closed.stop()
        let client = try client(endpoint: "https://api.test/v1", ["HTTPS_PROXY": "http://jane:pw@127.0.0.1:\(port)"])
        do {
            _ = try await client.list()
            Issue.record("expected a refused connection")
        } catch {
            let message = "\(error)"
            #expect(message.contains("connection refused"), "\(message)")
            #expect(message.contains("the proxy http://****@127.0.0.1:\(port) of HTTPS_PROXY"), "\(message)")
            #expect(!message.contains("jane"))
            #expect(error.isRetryable)
        }
        await client.shutdown()
    }
}
