/// What an upload did: one result per plan item, in plan order, and how it ended.
public struct UploadResult: Sendable {
    /// One result per plan item, in plan order.
    public var results: [RecordResult]
    /// Completed, interrupted (Ctrl-C) or aborted.
    public var outcome: RunOutcome
    /// Why it was aborted, when it was.
    public var abortReason: AbortReason?
    /// Request counts and times.
    public var statistics: RunStatistics
}
