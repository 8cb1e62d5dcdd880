import Foundation
import SourcesCore
import SourcesMigration
import Testing

@Suite struct PlanRendererTests {
    private func samplePlan() -> SourcesMigration.Plan {
        let records = [
            Fixtures.record(Fixtures.s3("new-one", secret: "TOP-SECRET-1")),
            Fixtures.record(Fixtures.s3("changed", bucket: "b", secret: "TOP-SECRET-2"), line: 3),
            Fixtures.record(Fixtures.url("same"), line: 4),
        ]
        let remote = [
            Fixtures.remote(Fixtures.s3("changed", bucket: "a"), id: "id-1"),
            Fixtures.remote(Fixtures.url("same"), id: "id-2"),
        ]
        return Planner().plan(records, remote: remote)
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let json = PlanRenderer.json(samplePlan())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["create"] as? [String] == ["new-one"])
        #expect(object["unchanged"] as? [String] == ["same"])
        let updates = try #require(object["update"] as? [[String: Any]])
        #expect(updates.count == 1)
        #expect(updates[0]["source"] as? String == "changed")
        #expect(updates[0]["id"] as? String == "id-1")
        let changes = try #require(updates[0]["changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes[0]["field"] as? String == "bucket")
        #expect(changes[0]["from"] as? String == "a")
        #expect(changes[0]["to"] as? String == "b")
        #expect(updates[0]["not_compared"] as? [String] == ["secret_access_key"])
    }

    @Test func textShowsTheDiffAndNeverASecret() {
        let text = PlanRenderer.text(samplePlan())
        #expect(text.contains("+ create     new-one (s3)"))
        #expect(text.contains(#"bucket: "a" → "b""#))
        #expect(text.contains("secret_access_key: (secret, not compared"))
        #expect(text.contains("Plan: 1 to create, 1 to update, 1 unchanged."))
        #expect(!text.contains("TOP-SECRET"))
        #expect(!PlanRenderer.json(samplePlan()).contains("TOP-SECRET"))
    }
}
