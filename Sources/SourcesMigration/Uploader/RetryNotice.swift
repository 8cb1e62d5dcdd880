import Foundation
import SourcesAPI
import SourcesCore

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

private final class NoticeHandler: Sendable {
    private let body = Locked<(@Sendable (String) -> Void)?>(nil)

    func set(_ body: @escaping @Sendable (String) -> Void) { self.body.withLock { $0 = body } }

    func say(_ text: String) { body.withLock { $0 }?(text) }
}
