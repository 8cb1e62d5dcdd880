import SourcesCore
import SourcesMigration
import Testing

@Suite struct PlannerTests {
    @Test func newNamesAreCreatedMatchingOnesUnchanged() {
        let records = [Fixtures.record(Fixtures.url("a")), Fixtures.record(Fixtures.url("b"), line: 3)]
        let remote = [Fixtures.remote(Fixtures.url("b"), id: "id-b")]
        let plan = Planner().plan(records, remote: remote)
        #expect(plan.items.map(\.action) == [.create, .unchanged])
        #expect(plan.items[1].remoteID == "id-b")
        #expect(plan.items[0].payload == Fixtures.url("a").credentials)
        #expect(plan.hasChanges)
        #expect(plan.errors.isEmpty)
    }

    @Test func aTypeTheAccountHasOtherwiseIsATypeChangeError() {
        let remote = [Fixtures.remote(Fixtures.url("a"), id: "id-a")]
        let plan = Planner().plan([Fixtures.record(Fixtures.s3("a"))], remote: remote)
        #expect(plan.errors.map(\.code) == [.typeChange])
        #expect(plan.errors.first?.field == "source_type")
        #expect(plan.errors.first?.message.contains("is a url source in the account but s3 here") == true)
    }

    @Test func changedFieldsMakeAnUpdateWithADiffOfOnlyThoseFields() {
        var wanted = Fixtures.s3("a", bucket: "new-bucket")
        wanted.credentials["require_token"] = "true"
        let remote = [Fixtures.remote(Fixtures.s3("a", bucket: "old-bucket"), id: "id-a", secretToken: "tok")]
        let plan = Planner().plan([Fixtures.record(wanted)], remote: remote)
        let item = plan.items[0]
        #expect(item.action == .update)
        #expect(
            item.changes.map(\.formatted) == [
                #"bucket: "old-bucket" → "new-bucket""#, #"require_token: (unset) → "true""#,
            ])
        #expect(item.payload == Credentials([("bucket", "new-bucket"), ("require_token", "true")]))
        #expect(item.notCompared == ["secret_access_key"])
    }

    @Test func secretsAreNotComparedAndOnlySentWithUpdateSecrets() throws {
        let wanted = Fixtures.s3("a", secret: "brand-new-secret")
        let remote = [Fixtures.remote(Fixtures.s3("a", secret: "whatever"), id: "id-a")]
        let plain = Planner().plan([Fixtures.record(wanted)], remote: remote)
        #expect(plain.items[0].action == .unchanged)
        #expect(plain.items[0].notCompared == ["secret_access_key"])

        let forced = Planner(options: PlanOptions(updateSecrets: true)).plan([Fixtures.record(wanted)], remote: remote)
        #expect(forced.items[0].action == .update)
        #expect(forced.items[0].payload["secret_access_key"] == "brand-new-secret")
        let change = try #require(forced.items[0].changes.first)
        #expect(change.isSecret && change.notCompared)
        #expect(change.from == nil && change.to == nil)
    }

    @Test func aChangedSigningKeyIsComparedButNeverShown() {
        var wanted = Fixtures.url("a")
        wanted.credentials["secret_token"] = "new-signing-key-123"
        let remote = [Fixtures.remote(Fixtures.url("a"), id: "id-a", secretToken: "old-signing-key-456")]
        let plan = Planner().plan([Fixtures.record(wanted)], remote: remote)
        #expect(plan.items[0].action == .update)
        let text = PlanRenderer.text(plan) + PlanRenderer.json(plan)
        #expect(text.contains("secret_token: (secret) → (secret)"))
        #expect(!text.contains("new-signing-key-123"))
        #expect(!text.contains("old-signing-key-456"))
    }

    @Test func aRedactedSecretIsNeverSentAndIsAnErrorOnCreate() {
        let redacted = Fixtures.s3("a", secret: "****")
        let createPlan = Planner().plan([Fixtures.record(redacted)], remote: [])
        #expect(createPlan.items[0].action == .skip)
        #expect(createPlan.errors.map(\.code) == [.redactedSecret])
        #expect(createPlan.errors.first?.field == "secret_access_key")

        let remote = [Fixtures.remote(Fixtures.s3("a", bucket: "old"), id: "id-a")]
        var changed = redacted
        changed.credentials["bucket"] = "new"
        let forced = Planner(options: PlanOptions(updateSecrets: true)).plan([Fixtures.record(changed)], remote: remote)
        #expect(forced.errors.isEmpty)
        #expect(forced.items[0].action == .update)
        #expect(forced.items[0].payload == Credentials([("bucket", "new")]))
    }

    @Test func noUpdateLeavesChangedSourcesAloneAsSkipped() {
        let remote = [Fixtures.remote(Fixtures.url("a", url: "https://old.example.com"), id: "id-a")]
        let plan = Planner(options: PlanOptions(noUpdate: true)).plan(
            [Fixtures.record(Fixtures.url("a")), Fixtures.record(Fixtures.url("b"), line: 3)], remote: remote)
        #expect(plan.items.map(\.action) == [.skip, .create])
        #expect(plan.items[0].problems.first?.contains("--no-update") == true)
    }

    @Test func invalidRecordsAreSkippedWithTheirErrors() {
        var candidate = Fixtures.record(Fixtures.url("a"), valid: false)
        candidate.errors = ["in.csv:2:1: error[invalid-url]: bad url"]
        let plan = Planner().plan([candidate], remote: [])
        #expect(plan.items[0].action == .skip)
        #expect(plan.items[0].problems == candidate.errors)
        #expect(!plan.hasChanges)
    }

    @Test func aTypeChangeIsAnErrorNotASilentUpdate() {
        let remote = [Fixtures.remote(Fixtures.url("a"), id: "id-a")]
        let plan = Planner().plan([Fixtures.record(Fixtures.s3("a"))], remote: remote)
        #expect(plan.items[0].action == .skip)
        #expect(plan.errors.first?.field == "source_type")
    }

    @Test func attributesTheTypeDoesNotUseAreNeitherComparedNorSent() {
        var wanted = Fixtures.url("a")
        wanted.credentials["bucket"] = "ignored"
        let created = Planner().plan([Fixtures.record(wanted)], remote: [])
        #expect(created.items[0].payload["bucket"] == nil)
        let unchanged = Planner().plan([Fixtures.record(wanted)], remote: [Fixtures.remote(Fixtures.url("a"), id: "x")])
        #expect(unchanged.items[0].action == .unchanged)
    }
}
