import Foundation
import SourcesAPI

/// What the user is told while a request is retried for a reason they can act on: today a
/// refused connection (the API or a proxy is not listening), which would otherwise be retried
/// silently for up to half a minute. The CLI installs the handler (standard error); a library
/// caller may install its own, or none.
public enum RetryNotice {
    private static let handler = NoticeHandler()

    /// Sends every notice to `body` (replacing the previous handler).
    public static func install(_ body: @escaping @Sendable (String) -> Void) {
        handler.set(body)
    }

    /// Says that `error` is retried: retry `retry` of at most `of`, after `delay`.
    static func retrying(after error: APIError, retry: Int, of maxRetries: Int, delay: Duration) {
        guard case .connectionRefused(let detail) = error else { return }
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        handler.say(
            "connection refused (\(detail)), retrying (\(retry)/\(maxRetries)) in "
                + String(format: "%.1f s", seconds) + "…")
    }
}

private final class NoticeHandler: @unchecked Sendable {
    private let lock = NSLock()
    private var body: (@Sendable (String) -> Void)?

    func set(_ body: @escaping @Sendable (String) -> Void) { lock.withLock { self.body = body } }

    func say(_ text: String) { lock.withLock { body }?(text) }
}
