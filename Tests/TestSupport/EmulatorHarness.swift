import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SourcesAPI
public import SourcesHTTP
import SourcesEmulator

/// A real emulator on a real socket (port 0), the real ``SourcesClient`` for one of its keys,
/// raw requests for what the client would never send, and a directory for the test's files.
///
/// ``with(keys:clientKey:requestTimeout:logger:_:_:)`` is the way to use one: it shuts the emulator and the client
/// down, and waits for that, whether the body returns or throws (a `defer { Task { … } }`
/// would leave them running past the test, into the next one).
public final class EmulatorHarness: Sendable {
    public let emulator: RunningEmulator
    public let client: SourcesClient
    public let directory: TemporaryDirectory

    private init(emulator: RunningEmulator, client: SourcesClient, directory: TemporaryDirectory) {
        self.emulator = emulator
        self.client = client
        self.directory = directory
    }

    /// Starts an emulator that accepts `keys` (`KEY:ACCOUNT`, then `configure`), with a client
    /// that sends `clientKey`. Prefer ``with(keys:clientKey:requestTimeout:logger:_:_:)``; whoever calls this calls
    /// ``shutdown()``.
    public static func start(
        keys: [String], clientKey: String, requestTimeout: Duration? = nil, logger: Logger? = nil,
        _ configure: (inout EmulatorConfiguration) -> Void = { _ in }
    ) async throws -> EmulatorHarness {
        var configuration = EmulatorConfiguration()
        for key in keys { configuration.addKey(key) }
        configure(&configuration)
        let directory = try TemporaryDirectory(prefix: "ibsources-emulator")
        let emulator: RunningEmulator
        do {
            emulator = try await RunningEmulator.start(configuration)
        } catch {
            directory.remove()
            throw error
        }
        do {
            var api = try APIConfiguration.resolve(
                endpoint: emulator.baseURL, apiKeyFile: nil, allowHTTP: false,
                environment: [APIConfiguration.apiKeyVariable: clientKey])
            if let requestTimeout { api.requestTimeout = requestTimeout }
            let client = SourcesClient(
                configuration: api, maximumConnections: 16, logger: logger ?? Logger(label: "ibsources.test"))
            return EmulatorHarness(emulator: emulator, client: client, directory: directory)
        } catch {
            try? await emulator.shutdown()
            directory.remove()
            throw error
        }
    }

    /// Starts an emulator as ``start(keys:clientKey:requestTimeout:logger:_:)`` does, runs `body`, and shuts it down
    /// (awaited) whether `body` returns or throws.
    public static func with<T>(
        keys: [String], clientKey: String, requestTimeout: Duration? = nil, logger: Logger? = nil,
        _ configure: (inout EmulatorConfiguration) -> Void = { _ in }, _ body: (EmulatorHarness) async throws -> T
    ) async throws -> T {
        let harness = try await start(
            keys: keys, clientKey: clientKey, requestTimeout: requestTimeout, logger: logger, configure)
        return try await scoped(harness, shutdown: { await $0.shutdown() }, body)
    }

    /// The API's base URL (`http://127.0.0.1:PORT/v1`).
    public var endpoint: String { client.configuration.endpoint.absoluteString }

    /// `http://127.0.0.1:PORT` (no `/v1`).
    public var root: String { String(emulator.baseURL.dropLast(3)) }

    /// Stops the client and the emulator and removes the directory.
    public func shutdown() async {
        await client.shutdown()
        try? await emulator.shutdown()
        directory.remove()
    }

    /// Sends one request as written, past the client; `path` is relative to the root (`/v1/sources`).
    public func send(
        _ method: HTTPMethod, _ path: String, key: String? = "key-a", body: String? = nil,
        headers: [(String, String)] = []
    ) async throws -> TestResponse {
        try await send(method, path, key: key, bytes: body.map { Array($0.utf8) }, headers: headers)
    }

    /// Sends one request with a raw byte body.
    public func send(
        _ method: HTTPMethod, _ path: String, key: String?, bytes: [UInt8]?, headers: [(String, String)] = []
    ) async throws -> TestResponse {
        var request = HTTPClientRequest(url: root + path)
        request.method = method
        if let key { request.headers.add(name: "imageboss-api-key", value: key) }
        if let bytes {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: bytes))
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return TestResponse(status: Int(response.status.code), headers: response.headers, text: String(buffer: buffer))
    }
}
