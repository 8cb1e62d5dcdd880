import Foundation
import NIOHTTP1

/// A raw response as the tests look at it.
public struct TestResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var text: String

    /// The body parsed with Foundation's JSONSerialization (an independent parser).
    public var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    public var object: [String: Any]? { json as? [String: Any] }
    public var array: [[String: Any]]? { json as? [[String: Any]] }
    public var errors: [String]? { object?["errors"] as? [String] }
    public var credentials: [String: String]? { object?["credentials"] as? [String: String] }
    public var id: String? { object?["id"] as? String }
}
