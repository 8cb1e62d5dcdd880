extension RateGovernor {
    /// Progress counters.
    public struct Snapshot: Sendable, Equatable {
        /// The current rate, requests per second.
        public var rate: Double
        /// True until the first congestion signal.
        public var inSlowStart: Bool
        /// The wall time during which every worker was paused by the server's limits.
        public var rateLimitWait: Duration
        /// The number of 429 answers recorded.
        public var rateLimitedCount: Int
        /// How long the current pause still lasts (nil when not paused).
        public var pauseRemaining: Duration?
        /// The number of tokens handed out.
        public var granted: Int
        /// The rate at which the server last pushed back (the governor's estimate of its limit).
        public var ceiling: Double?
    }

    /// The current rate in requests per second.
    public var currentRate: Double { rate }
    /// The wall time every worker spent paused by the server's limits.
    public var totalRateLimitWait: Duration { .seconds(double: waited) }
    /// The number of 429 answers recorded.
    public var rateLimitedCount: Int { count429 }
    /// The end of the current pause, in the clock's time (nil when not paused).
    public var pauseDeadline: Duration? {
        pauseUntil > clock.now.seconds ? .seconds(double: pauseUntil) : nil
    }
    /// How long the current pause still lasts, for "waiting 42 s for the rate limit" (nil when not paused).
    public var pauseRemaining: Duration? {
        let left = pauseUntil - clock.now.seconds
        return left > 0 ? .seconds(double: left) : nil
    }

    /// All counters at once.
    public func snapshot() -> Snapshot {
        Snapshot(
            rate: rate, inSlowStart: slowStart, rateLimitWait: totalRateLimitWait, rateLimitedCount: count429,
            pauseRemaining: pauseRemaining, granted: granted, ceiling: ceiling)
    }
}
