/// How the emulator's rate limiter behaves, so tests and benchmarks can meet the kinds of
/// limiter real servers run, down to the least helpful: a bare 429 with a text body.
///
/// The defaults are the friendliest kind (a token bucket, `X-RateLimit-*` on every answer,
/// a JSON body): what the emulator always did.
public struct LimiterStyle: Sendable, Equatable {
    /// Which rate-limit headers the emulator sends (`--rate-limit-headers`).
    public enum Headers: String, Sendable, CaseIterable {
        /// `X-RateLimit-Limit/-Remaining/-Reset` on every answer, `Retry-After` on a 429.
        case full
        /// On a 429 only: `Retry-After` (whole seconds, rounded up), `X-RateLimit-Limit` and
        /// `X-RateLimit-Remaining: 0`; nothing on any other answer.
        case retryAfter = "retry-after"
        /// Not a header: a bare 429.
        case none
    }

    /// The body of a 429 (`--throttle-body`).
    public enum Body: String, Sendable, CaseIterable {
        /// The API's `{"errors": ["Rate limit exceeded: …"]}`.
        case json
        /// `Content-Type: text/plain`, `Retry later\n` (Rack::Attack's default responder).
        case text
    }

    /// Which headers go out.
    public var headers: Headers = .full
    /// A fixed window of this many seconds instead of the token bucket (`--rate-limit-window`):
    /// `--rate-limit` × seconds requests per window, counted from zero when a window begins.
    /// Windows are aligned on the wall clock's multiples of the length, as Rack::Attack's are.
    public var window: Double? = nil
    /// What a 429 says.
    public var body: Body = .json

    /// The defaults: token bucket, every header, JSON.
    public init() {}

    /// The problems with this style for a limit of `rate` requests per second, worded for the user.
    func problems(rate: Double?) -> [String] {
        guard let window else { return [] }
        guard window.isFinite, window > 0 else {
            return ["--rate-limit-window must be a positive number of seconds"]
        }
        if let rate, rate.isFinite, rate > 0, (rate * window).rounded(.down) < 1 {
            return [
                "--rate-limit-window \(window) at --rate-limit \(rate) allows no request per window; make it longer"
            ]
        }
        return []
    }
}
