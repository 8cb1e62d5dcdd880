import SourcesCore

/// Renders a ``Plan`` for people (text) or scripts (JSON). Secret values never appear:
/// a changed secret shows as `(secret)`, an uncompared one as `(secret, not compared)`.
public enum PlanRenderer {
    /// The plan as text: one line per record that needs attention, the diff of each
    /// update indented below it, then a summary line.
    ///
    /// - Parameter verbose: also list unchanged records.
    public static func text(_ plan: Plan, verbose: Bool = false) -> String {
        var out = ""
        // Names, ids and types may come from the server or an input: one line each, controls escaped.
        let shown = { (text: String) in ControlCharacters.escaped(text) }
        for item in plan.items {
            switch item.action {
            case .create:
                out += "+ create     \(shown(item.name)) (\(shown(item.record.source.type)))\n"
            case .update:
                let renamed = item.renamedFrom.map { ", renamed from \(shown($0))" } ?? ""
                out += "~ update     \(shown(item.name)) (id \(shown(item.remoteID ?? "?"))\(renamed))\n"
                for change in item.changes { out += "      \(change.formatted)\n" }
                for field in item.notCompared { out += "      \(field): (secret, not compared; not sent)\n" }
            case .unchanged:
                guard verbose else { continue }
                out += "= unchanged  \(shown(item.name))\n"
                for field in item.notCompared { out += "      \(field): (secret, not compared)\n" }
            case .delete:
                out +=
                    "! delete     \(shown(item.name)) (id \(shown(item.remoteID ?? "?")), \(shown(item.record.source.type)))\n"
                for problem in item.problems { out += "      \(problem)\n" }
            case .skip:
                out += "- skip       \(shown(item.name.isEmpty ? location(item) : item.name))\n"
                for change in item.changes { out += "      \(change.formatted)\n" }
                for problem in item.problems { out += "      \(problem)\n" }
            }
        }
        out += summary(plan) + "\n"
        let uncompared = plan.items.lazy.filter { $0.action != .skip && !$0.notCompared.isEmpty }.count
        if uncompared > 0 {
            out +=
                "Secrets of \(uncompared) existing source\(uncompared == 1 ? " were" : "s were") not compared "
                + "(the API redacts them) and will not be sent; --update-secrets sends them.\n"
        }
        return out
    }

    /// `Plan: 2 to create, 1 to update, 7 unchanged.` (and skipped, when any).
    public static func summary(_ plan: Plan) -> String {
        var parts = [
            "\(plan.count(.create)) to create", "\(plan.count(.update)) to update",
            "\(plan.count(.unchanged)) unchanged",
        ]
        let deleted = plan.count(.delete)
        if deleted > 0 { parts.insert("\(deleted) to delete", at: 2) }
        let skipped = plan.count(.skip)
        if skipped > 0 { parts.append("\(skipped) skipped") }
        return "Plan: " + parts.joined(separator: ", ") + "."
    }

    /// The plan as JSON:
    /// `{"create": [NAME...], "update": [{"source", "id", "changes": [{"field", "from", "to"}], "not_compared"}],
    /// "unchanged": [NAME...], "skipped": [{"source", "file", "line", "reasons"}]}`; an update that renames
    /// has `"renamed_from"`, and a plan that deletes has `"delete": [{"source", "id"}]` before `"unchanged"`.
    ///
    /// A secret change has `"from": null, "to": null, "secret": true` (and `"compared": false`
    /// when the account's value is redacted).
    public static func json(_ plan: Plan) -> String {
        let creates = plan.items(.create).map { JSONText.quote($0.name) }
        let updates = plan.items(.update).map(updateObject)
        let unchanged = plan.items(.unchanged).map { JSONText.quote($0.name) }
        let skipped = plan.items(.skip).map { item in
            JSONText.object([
                ("source", JSONText.quote(item.name)),
                ("file", JSONText.quote(item.record.origin.location.file)),
                ("line", String(item.record.origin.location.line)),
                ("reasons", JSONText.array(item.problems.map(JSONText.quote))),
            ])
        }
        var out = "{\n"
        out += "  \"create\": " + list(creates) + ",\n"
        out += "  \"update\": " + list(updates) + ",\n"
        let deletes = plan.items(.delete).map { item in
            JSONText.object([
                ("source", JSONText.quote(item.name)), ("id", item.remoteID.map(JSONText.quote) ?? "null"),
            ])
        }
        if !deletes.isEmpty { out += "  \"delete\": " + list(deletes) + ",\n" }
        out += "  \"unchanged\": " + list(unchanged) + ",\n"
        out += "  \"skipped\": " + list(skipped) + "\n"
        return out + "}\n"
    }

    private static func list(_ values: [String]) -> String {
        values.isEmpty ? "[]" : "[\n    " + values.joined(separator: ",\n    ") + "\n  ]"
    }

    private static func updateObject(_ item: PlanItem) -> String {
        let changes = item.changes.map { change in
            var members: [(String, String)] = [
                ("field", JSONText.quote(change.field)),
                ("from", change.from.map(JSONText.quote) ?? "null"),
                ("to", change.to.map(JSONText.quote) ?? "null"),
            ]
            if change.isSecret { members.append(("secret", "true")) }
            if change.notCompared { members.append(("compared", "false")) }
            return JSONText.object(members)
        }
        var members: [(String, String)] = [
            ("source", JSONText.quote(item.name)),
            ("id", item.remoteID.map(JSONText.quote) ?? "null"),
        ]
        if let renamedFrom = item.renamedFrom { members.append(("renamed_from", JSONText.quote(renamedFrom))) }
        return JSONText.object(
            members + [
                ("changes", JSONText.array(changes)),
                ("not_compared", JSONText.array(item.notCompared.map(JSONText.quote))),
            ])
    }

    private static func location(_ item: PlanItem) -> String {
        "record \(item.record.origin.index) at \(item.record.origin.location)"
    }
}
