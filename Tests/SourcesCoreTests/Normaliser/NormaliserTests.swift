import Testing

@testable import SourcesCore

@Suite struct NormaliserTests {
    private func raw(_ pairs: [(String, String)], line: Int = 2) -> RawRecord {
        RawRecord(
            fields: pairs.enumerated().map { i, p in
                RawField(
                    key: p.0, value: p.1,
                    location: SourcesCore.SourceLocation(file: "in.csv", line: line, column: i * 10 + 1))
            },
            origin: RecordOrigin(location: SourcesCore.SourceLocation(file: "in.csv", line: line, column: 1), index: 1))
    }

    private func normalise(_ pairs: [(String, String)], env: [String: String] = [:]) -> (SourceRecord, [Diagnostic]) {
        let store = DiagnosticStore()
        let record = Normaliser(environment: env, diagnostics: store).normalise(raw(pairs))
        return (record, store.diagnostics)
    }

    @Test func mapsAliasesCaseAndNesting() {
        let (record, diagnostics) = normalise([
            ("Name", "shop"), ("TYPE", "Spaces"), ("Credentials.Bucket", "b"), ("credential_attributes.region", "nyc3"),
            ("Access Key", "K"), ("secret-key-ish", "x"),
        ])
        #expect(diagnostics.isEmpty)
        #expect(record.source.name == "shop")
        #expect(record.source.type == "dos")
        #expect(record.source.credentials.keys == ["bucket", "region", "access_key", "secret_key_ish"])
        #expect(record.locations["source_type"]?.column == 11)
    }

    @Test(arguments: [
        ("s3", "s3"), ("AWS", "s3"), ("digitalocean", "dos"), ("cloudflare-r2", "r2"), ("Cloudflare_R2", "r2"),
        ("web-proxy", "url"), ("GCS", "gcs"), ("dropbox", "dropbox"),
    ])
    func resolvesTypeAliases(input: String, expected: String) {
        #expect(normalise([("source", "a"), ("source_type", input)]).0.source.type == expected)
    }

    @Test func trimsAndWarnsWithoutPrintingTheValue() {
        let (record, diagnostics) = normalise([("source", "  a  "), ("secret", " hunter2 ")])
        #expect(record.source.name == "a")
        #expect(record.source.credentials["secret"] == "hunter2")
        #expect(diagnostics.map(\.code) == [.trimmedValue, .trimmedValue])
        #expect(!diagnostics.contains { $0.message.contains("hunter2") })
        #expect(diagnostics[1].location?.column == 11)
    }

    @Test(arguments: [
        ("true", "true"), ("YES", "true"), ("1", "true"), ("False", "false"), ("no", "false"), ("0", "false"),
        ("maybe", "maybe"),
    ])
    func normalisesRequireToken(input: String, expected: String) {
        #expect(normalise([("require_token", input)]).0.source.credentials["require_token"] == expected)
    }

    @Test func expandsVariables() {
        let env = ["S3_SECRET": "abc", "EMPTY": ""]
        let (record, diagnostics) = normalise(
            [("secret", "${S3_SECRET}"), ("bucket", "pre-${S3_SECRET}-post"), ("url", "$${LITERAL} and $5")], env: env)
        #expect(diagnostics.isEmpty)
        #expect(record.source.credentials["secret"] == "abc")
        #expect(record.source.credentials["bucket"] == "pre-abc-post")
        #expect(record.source.credentials["url"] == "${LITERAL} and $5")
    }

    @Test func unsetVariableIsAnErrorAtTheField() {
        let (_, diagnostics) = normalise([("source", "a"), ("secret", "${NOPE_NOT_SET}")])
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].code == .undefinedVariable)
        #expect(diagnostics[0].severity == .error)
        #expect(diagnostics[0].field == "secret")
        #expect(diagnostics[0].source == "a")
        #expect(diagnostics[0].message.contains("NOPE_NOT_SET"))
    }

    @Test func keepsTheRedactionPlaceholder() {
        let (record, _) = normalise([("secret_access_key", "****")])
        #expect(record.source.credentials["secret_access_key"] == SecretAttributes.placeholder)
        #expect(SecretAttributes.isRedacted(record.source.credentials["secret_access_key"] ?? ""))
    }

    @Test func aFieldGivenTwiceIsAnError() {
        let (record, diagnostics) = normalise([("source", "a"), ("name", "b")])
        #expect(record.source.name == "a")
        #expect(diagnostics.map(\.code) == [.duplicateField])
        #expect(diagnostics[0].message.contains("in.csv:2:1"))
    }

    @Test func keepsAPIMetadata() {
        let (record, _) = normalise([
            ("id", "69a99ae507f19000072d0125"), ("created_at", "2026-03-05T14:10:00Z"),
            ("updated_at", "2026-03-06T00:00:00Z"),
        ])
        #expect(record.source.id == "69a99ae507f19000072d0125")
        #expect(record.source.createdAt == "2026-03-05T14:10:00Z")
        #expect(record.source.updatedAt == "2026-03-06T00:00:00Z")
        #expect(record.source.credentials.isEmpty)
    }
}
