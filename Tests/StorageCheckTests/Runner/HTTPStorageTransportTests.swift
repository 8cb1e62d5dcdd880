import Foundation
import StorageCheck
import StorageCheckHTTP
import Testing
import SourcesHTTP

/// The port's AsyncHTTPClient adapter on real loopback sockets.
@Suite struct HTTPStorageTransportTests {
    static func request(_ base: String, method: String = "GET", path: String = "/bucket") -> ProbeRequest {
        let endpoint = StorageEndpoint(url: base)!
        return ProbeRequest(
            method: method, scheme: endpoint.scheme, host: endpoint.host, port: endpoint.port, path: path,
            query: [.init("list-type", "2"), .init("odd key", "a+b/c")],
            headers: [.init("X-Amz-Date", "20150830T123600Z")])
    }

    @Test func sendsTheRequestAsBuiltAndReturnsTheAnswer() async throws {
        let provider = try await FakeProvider.start { _ in
            FakeProvider.Answer(status: 403, headers: [("x-amz-bucket-region", "eu-west-1")], body: "<Error/>")
        }
        let transport = HTTPStorageTransport()
        let answer = await transport.send(Self.request(provider.baseURL), timeout: .seconds(5))
        await transport.shutdown()
        await provider.stop()
        let response = try answer.get()
        #expect(response.status == 403)
        #expect(response.header("X-Amz-Bucket-Region") == "eu-west-1")
        #expect(String(decoding: response.body, as: UTF8.self) == "<Error/>")
        let received = try #require(provider.received.first)
        #expect(received.method == "GET" && received.path == "/bucket")
        #expect(received.query == ["list-type": "2", "odd key": "a+b/c"])
        #expect(received.headers["x-amz-date"] == "20150830T123600Z")
        #expect(received.headers["user-agent"] == HTTPStorageTransport.userAgent)
        #expect(received.headers["host"] == "127.0.0.1:\(provider.port)")
    }

    @Test func redirectsAreAnswersNotFollowed() async throws {
        let provider = try await FakeProvider.start { request in
            request.path == "/elsewhere"
                ? FakeProvider.Answer(status: 200)
                : FakeProvider.Answer(status: 301, headers: [("Location", "/elsewhere")])
        }
        let transport = HTTPStorageTransport()
        let answer = await transport.send(Self.request(provider.baseURL), timeout: .seconds(5))
        await transport.shutdown()
        await provider.stop()
        #expect(try answer.get().status == 301)
        #expect(provider.received.count == 1)
    }

    @Test func readsAtMostSixteenKilobytesOfABody() async throws {
        let provider = try await FakeProvider.start { _ in
            FakeProvider.Answer(status: 500, body: String(repeating: "x", count: 1 << 20))
        }
        let transport = HTTPStorageTransport()
        let answer = await transport.send(Self.request(provider.baseURL), timeout: .seconds(5))
        await transport.shutdown()
        await provider.stop()
        #expect(try answer.get().body.count == HTTPStorageTransport.maxBodyBytes)
    }

    @Test func aSlowProviderTimesOutAtTheRequestsTimeout() async throws {
        let provider = try await FakeProvider.start { _ in FakeProvider.Answer(status: 200, delay: .seconds(5)) }
        let transport = HTTPStorageTransport(timeout: .milliseconds(300))
        let started = ContinuousClock.now
        let answer = await transport.send(Self.request(provider.baseURL), timeout: .milliseconds(300))
        let took = ContinuousClock.now - started
        await transport.shutdown()
        await provider.stop()
        #expect(answer == .failure(TransportFailure(.timeout)))
        #expect(took < .seconds(3))
    }

    @Test func aClosedPortIsRefusedAndAnUnknownNameDoesNotResolve() async throws {
        let port = try await closedPort()
        let transport = HTTPStorageTransport(timeout: .seconds(5))
        let refused = await transport.send(Self.request("http://127.0.0.1:\(port)"), timeout: .seconds(5))
        let unknown = await transport.send(Self.request("http://no-such-bucket.invalid"), timeout: .seconds(5))
        await transport.shutdown()
        #expect(refused == .failure(TransportFailure(.connectionRefused)))
        #expect(unknown == .failure(TransportFailure(.nameResolution)))
    }

    @Test func tlsToAPlainHTTPServerIsATLSFailure() async throws {
        let provider = try await FakeProvider.start { _ in FakeProvider.Answer(status: 200) }
        let transport = HTTPStorageTransport(timeout: .seconds(5))
        let answer = await transport.send(Self.request("https://127.0.0.1:\(provider.port)"), timeout: .seconds(5))
        await transport.shutdown()
        await provider.stop()
        guard case .failure(let failure) = answer else {
            Issue.record("expected a failure, got \(answer)")
            return
        }
        #expect(failure.kind == .tls)
    }
}
