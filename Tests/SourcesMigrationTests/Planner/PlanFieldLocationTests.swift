import SourcesCore
import SourcesMigration
import TestSupport
import Testing

/// What a run keeps of each record once it is planned.
@Suite struct PlanFieldLocationTests {
    @Test func aPreparedPlanForgetsFieldLocationsButKeepsPositionsAndItsDiagnostics() async throws {
        try await EmulatorHarness.with { harness in
            var typed = Fixtures.record(Fixtures.s3("typed"), file: "in.csv", line: 3)
            typed.record.locations = [
                "source": SourceLocation(file: "in.csv", line: 3, column: 1),
                "secret_access_key": SourceLocation(file: "in.csv", line: 3, column: 40),
            ]
            typed.record.source.credentials["secret_access_key"] = SecretAttributes.placeholder
            let plain = Fixtures.record(Fixtures.url("plain"), file: "in.csv", line: 4)
            let session = harness.session("locations", skipInvalid: true)
            let prepared = try await session.prepare([typed, plain])
            // The planner's diagnostic was made from the field's own column before it was let go…
            #expect(prepared.plan.errors.map(\.location) == [SourceLocation(file: "in.csv", line: 3, column: 40)])
            // …and the items keep only their records' positions.
            #expect(prepared.plan.items.allSatisfy { $0.record.locations.fields.isEmpty })
            #expect(prepared.plan.items.map(\.record.origin.location.line) == [3, 4])
            #expect(prepared.plan.items.map(\.action) == [.skip, .create])
        }
    }
}
