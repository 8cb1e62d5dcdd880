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
}
