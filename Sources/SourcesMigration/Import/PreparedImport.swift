public import Foundation

/// A plan ready to be carried out: the plan itself, the results a resumed run keeps,
/// and when the account was listed (the backup's `exported_at`).
public struct PreparedImport: Sendable {
    /// The plan (items done by a resumed run are `skip`).
    public var plan: Plan
    /// Results kept from the resumed run, by plan item index.
    public var carried: [Int: RecordResult]
    /// When the account was listed.
    public var fetchedAt: Date

    /// Creates a prepared import.
    public init(plan: Plan, carried: [Int: RecordResult] = [:], fetchedAt: Date) {
        self.plan = plan
        self.carried = carried
        self.fetchedAt = fetchedAt
    }
}
