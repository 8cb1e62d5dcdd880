import SourcesCore

extension ResumeState {
    /// Marks the items of `plan` that the previous run already did as `skip`, and
    /// returns their previous results (with the current file and line) by item index.
    ///
    /// A create the previous run sent without hearing the answer (in flight when it died)
    /// counts as done by it when the plan finds the source `unchanged` and it holds every
    /// field that create sent (``CreateFingerprint``): it is carried as `created`, with its
    /// id, so that a rollback of this run (which covers the runs it resumed) deletes it.
    public func apply(to plan: Plan) -> (plan: Plan, carried: [Int: RecordResult]) {
        var plan = plan
        var carried: [Int: RecordResult] = [:]
        let remote = unsettled.isEmpty ? [:] : plan.remote.indexedByID()
        for (index, item) in plan.items.enumerated() {
            var previous: RecordResult
            if let done = succeeded[item.name] {
                previous = done
            } else if let settled = settledCreate(item, remote: remote) {
                previous = settled
            } else {
                continue
            }
            previous.file = item.record.origin.location.file
            previous.line = item.record.origin.location.line
            carried[index] = previous
            plan.items[index].action = .skip
            plan.items[index].problems = ["done by the run being resumed (\(previous.status.rawValue))"]
        }
        return (plan, carried)
    }

    /// The result of `item` when it is a create the previous run sent without hearing the
    /// answer and the account now holds exactly what it sent.
    private func settledCreate(_ item: PlanItem, remote: [String: Source]) -> RecordResult? {
        guard item.action == .unchanged, let intent = unsettled[item.name], let id = item.remoteID,
            let found = remote[id], intent.createFingerprint.matches(found)
        else { return nil }
        return RecordResult(
            source: item.name, file: intent.file, line: intent.line, action: .create,
            status: .created, id: id,
            errors: [
                "created by the run being resumed, which stopped before it heard the answer (the account holds "
                    + "every field it sent)"
            ],
            fields: intent.fields)
    }
}
