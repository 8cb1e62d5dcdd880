import SourcesCore

extension ResumeState {
    /// Marks the items of `plan` that the previous run already did as `skip`, and
    /// returns their previous results (with the current file and line) by item index.
    public func apply(to plan: Plan) -> (plan: Plan, carried: [Int: RecordResult]) {
        var plan = plan
        var carried: [Int: RecordResult] = [:]
        for (index, item) in plan.items.enumerated() {
            guard var previous = succeeded[item.name] else { continue }
            previous.file = item.record.origin.location.file
            previous.line = item.record.origin.location.line
            carried[index] = previous
            plan.items[index].action = .skip
            plan.items[index].problems = ["done by the run being resumed (\(previous.status.rawValue))"]
        }
        return (plan, carried)
    }
}
