import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SourcesEmulator

/// A response as the tests look at it.
struct TestResponse {
    var status: Int
    var headers: HTTPHeaders
    var text: String

    /// The body parsed with Foundation's JSONSerialization (an independent parser).
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    var object: [String: Any]? { json as? [String: Any] }
    var array: [[String: Any]]? { json as? [[String: Any]] }
    var errors: [String]? { object?["errors"] as? [String] }
    var credentials: [String: String]? { object?["credentials"] as? [String: String] }
    var id: String? { object?["id"] as? String }
}

/// An emulator on a real socket (port 0) and a client talking to it.
struct LiveEmulator {
    let emulator: RunningEmulator
    let client: HTTPClient
    /// `http://127.0.0.1:PORT` (no `/v1`).
    var root: String { String(emulator.baseURL.dropLast(3)) }

    static let defaultKeys = ["key-a:acme", "key-a2:acme", "key-b:globex"]

    /// Starts an emulator (keys `key-a`, `key-a2` for acme and `key-b` for globex unless
    /// `configure` changes them), runs `body`, and always shuts it down.
    static func with<T>(
        _ configure: (inout EmulatorConfiguration) -> Void = { _ in },
        _ body: (LiveEmulator) async throws -> T
    ) async throws -> T {
        var configuration = EmulatorConfiguration()
        for key in defaultKeys { configuration.addKey(key) }
        configure(&configuration)
        let emulator = try await RunningEmulator.start(configuration)
        let live = LiveEmulator(emulator: emulator, client: HTTPClient.shared)
        do {
            let result = try await body(live)
            try await emulator.shutdown()
            return result
        } catch {
            try? await emulator.shutdown()
            throw error
        }
    }

    /// Sends one request; `path` is relative to the root (`/v1/sources`).
    func send(
        _ method: HTTPMethod, _ path: String, key: String? = "key-a", body: String? = nil,
        headers: [(String, String)] = []
    ) async throws -> TestResponse {
        try await send(method, path, key: key, bytes: body.map { Array($0.utf8) }, headers: headers)
    }

    /// Sends one request with a raw byte body.
    func send(
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
        let response = try await client.execute(request, timeout: .seconds(20))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return TestResponse(status: Int(response.status.code), headers: response.headers, text: String(buffer: buffer))
    }

    /// Creates a source through the API and returns the response.
    @discardableResult
    func create(
        _ name: String, type: String = "s3", credentials: [String: Any]? = nil, key: String = "key-a",
        prefix: String = "/v1/sources"
    ) async throws -> TestResponse {
        let attributes = credentials ?? Fixtures.s3Credentials
        let body = try Fixtures.json(["source": ["source": name, "source_type": type, "credential_attributes": attributes]])
        return try await send(.POST, prefix, key: key, body: body)
    }
}

/// Bodies and values shared by the tests.
enum Fixtures {
    static var s3Credentials: [String: Any] { [
        "access_key_id": "AKIA...", "secret_access_key": "wJalr...", "bucket": "my-bucket", "region": "us-east-1",
        "require_token": "true",
    ] }

    /// `value` as JSON text.
    static func json(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    /// True when `text` is `count` lowercase hex characters.
    static func isHex(_ text: String?, count: Int) -> Bool {
        guard let text else { return false }
        return text.count == count && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// True when `text` looks like `2026-03-05T14:10:00Z`.
    static func isTimestamp(_ text: Any?) -> Bool {
        guard let text = text as? String else { return false }
        return text.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#, options: .regularExpression) != nil
    }

    /// The package root (this file is Tests/SourcesEmulatorTests/Support/LiveEmulator.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ibsources-emulator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
