/// Everything `ibsources serve` can be told: where to listen, which keys exist,
/// where to keep the data, and how to misbehave.
public struct EmulatorConfiguration: Sendable {
    /// Interface to bind (loopback unless told otherwise).
    public var host: String = "127.0.0.1"
    /// Port to bind; `0` picks a free one.
    public var port: Int = 0
    /// API keys the emulator accepts, mapped to the account each one acts for.
    public var apiKeys: [String: String] = [:]
    /// SQLite file that keeps the sources across restarts; `nil` keeps them in memory.
    public var databasePath: String? = nil
    /// Requests per second allowed per account (token bucket refill rate); `nil` = unlimited.
    public var rateLimit: Double? = nil
    /// Bucket size of the rate limit; `nil` = `max(1, ceil(rateLimit))`.
    public var burst: Int? = nil
    /// Which kind of limiter enforces `rateLimit`: headers, fixed window, throttle body.
    public var limiter = LimiterStyle()
    /// Seed of the generator that decides every injected fault, so a run can be replayed.
    public var seed: UInt64 = 0
    /// Probability that a request gets a 503 instead of being handled.
    public var faultRate: Double = 0
    /// Probability that the connection is closed without any answer (the request is not handled).
    public var dropRate: Double = 0
    /// Probability that a successful write is carried out and then answered with a 503.
    public var commitFailRate: Double = 0
    /// Mean delay added to every response, in milliseconds (each one drawn from 0.5× to 1.5×).
    public var latencyMilliseconds: Int = 0
    /// Idle timeout and the cap on connections held at once.
    public var connections = ConnectionLimits()

    /// A configuration with every default: loopback, free port, no keys, in memory, no faults.
    public init() {}

    /// Adds keys written as `KEY[:ACCOUNT]`, as `--api-key` and `IBSOURCES_EMULATOR_KEYS` take them.
    ///
    /// Several entries may be given separated by commas (the environment variable's form).
    /// A key without an account is its own account; blank entries are ignored.
    public mutating func addKey(_ spec: String) {
        for entry in spec.split(separator: ",") {
            let trimmed = entry.trimmingWhitespace()
            guard !trimmed.isEmpty else { continue }
            if let colon = trimmed.firstIndex(of: ":") {
                let key = trimmed[..<colon].trimmingWhitespace()
                let account = trimmed[trimmed.index(after: colon)...].trimmingWhitespace()
                guard !key.isEmpty else { continue }
                apiKeys[key] = account.isEmpty ? key : account
            } else {
                apiKeys[trimmed] = trimmed
            }
        }
    }

    /// The problems that stop an emulator with this configuration from starting, worded for the user.
    public var problems: [String] {
        var found: [String] = []
        if !(0...65535).contains(port) { found.append("--port must be between 0 and 65535 (0 picks a free port)") }
        if let rateLimit, !(rateLimit > 0) || !rateLimit.isFinite {
            found.append("--rate-limit must be a positive number of requests per second")
        }
        if let burst, burst < 1 { found.append("--burst must be at least 1") }
        found += limiter.problems(rate: rateLimit)
        for (flag, value) in [
            ("--fault-rate", faultRate), ("--drop-rate", dropRate), ("--commit-fail-rate", commitFailRate),
        ]
        where !(0...1).contains(value) {
            found.append("\(flag) must be a probability between 0 and 1")
        }
        if latencyMilliseconds < 0 { found.append("--latency must be zero or a positive number of milliseconds") }
        found += connections.problems
        return found
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
