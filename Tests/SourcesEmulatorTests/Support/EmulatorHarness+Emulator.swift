import Foundation
import NIOHTTP1
import SourcesEmulator
import TestSupport

/// The shared ``EmulatorHarness`` as the emulator's tests use it: three keys on two accounts.
extension EmulatorHarness {
    static let defaultKeys = ["key-a:acme", "key-a2:acme", "key-b:globex"]

    /// Starts an emulator (keys `key-a`, `key-a2` for acme and `key-b` for globex unless
    /// `configure` changes them), runs `body`, and always shuts it down (awaited).
    static func with<T>(
        _ configure: (inout EmulatorConfiguration) -> Void = { _ in },
        _ body: (EmulatorHarness) async throws -> T
    ) async throws -> T {
        try await with(keys: defaultKeys, clientKey: "key-a", configure, body)
    }

    /// Creates a source through the API and returns the response.
    @discardableResult
    func create(
        _ name: String, type: String = "s3", credentials: [String: Any]? = nil, key: String = "key-a",
        prefix: String = "/v1/sources"
    ) async throws -> TestResponse {
        let attributes = credentials ?? Fixtures.s3Credentials
        let body = try Fixtures.json([
            "source": ["source": name, "source_type": type, "credential_attributes": attributes]
        ])
        return try await send(.POST, prefix, key: key, body: body)
    }
}

/// Bodies and values shared by the tests.
enum Fixtures {
    static var s3Credentials: [String: Any] {
        [
            "access_key_id": "AKIA...", "secret_access_key": "wJalr...", "bucket": "my-bucket", "region": "us-east-1",
            "require_token": "true",
        ]
    }

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
}
