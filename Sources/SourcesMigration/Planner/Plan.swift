public import SourcesCore

/// The planner's output: one item per input record, in input order, and the
/// account listing it was computed against.
///
/// `plan` prints it; `import` carries it out (and `--dry-run` stops after printing it),
/// so the two cannot drift apart.
public struct Plan: Sendable {
    /// One item per input record, in input order.
    public var items: [PlanItem]
    /// The account's sources as fetched for planning (the backup is written from them).
    public var remote: [Source]
    /// Problems that stop the plan from being carried out as it is (a `****` secret on a
    /// record that must be created, a type change), one per affected field.
    public var errors: [Diagnostic]

    /// Creates a plan.
    public init(items: [PlanItem], remote: [Source], errors: [Diagnostic] = []) {
        self.items = items
        self.remote = remote
        self.errors = errors
    }

    /// The items with `action`.
    public func items(_ action: PlanAction) -> [PlanItem] { items.filter { $0.action == action } }

    /// How many items have `action`.
    public func count(_ action: PlanAction) -> Int { items.lazy.filter { $0.action == action }.count }

    /// True when carrying the plan out sends at least one write.
    public var hasChanges: Bool { items.contains { $0.isWrite } }

    /// How many writes carrying the plan out sends.
    public var writeCount: Int { items.lazy.filter(\.isWrite).count }

    /// Lets go of each item's field locations (the line and column of every field of its
    /// record): the planner's diagnostics, their one use after reading, are made by then, and
    /// results only need the record's own position. At 100,000 records that is about 35 MB
    /// that a run would otherwise hold to its end.
    public mutating func dropFieldLocations() {
        for index in items.indices { items[index].record.locations = [:] }
    }
}
