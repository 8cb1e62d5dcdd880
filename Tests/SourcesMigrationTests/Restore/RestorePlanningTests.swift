import Foundation
import SourcesCore
import SourcesMigration
import SourcesReaders
import TestSupport
import Testing

/// The pure parts of restore: the secrets file, applying it, missing secrets, prune items,
/// the secret_token check, and renames by id in the shared planner.
@Suite struct RestorePlanningTests {
    @Test func readsASecretsFileInYAMLWithAnchorsAndVariables() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let yaml = """
            x-keys:
              r2: &r2 {secret: "${R2}"}
            avatars: *r2
            thumbs:
              <<: *r2
              access_key: AKIA-THUMBS
            shop: {Secret Access Key: "lit$${eral}"}
            """
        try yaml.write(toFile: dir.file("s.yaml"), atomically: true, encoding: .utf8)
        let secrets = try SecretsFileReader.read(.file(dir.file("s.yaml")), environment: ["R2": "r2-value"])
        #expect(secrets["avatars"] == ["secret": "r2-value"])
        #expect(secrets["thumbs"] == ["secret": "r2-value", "access_key": "AKIA-THUMBS"])
        #expect(secrets["shop"] == ["secret_access_key": "lit${eral}"])
        #expect(secrets["x-keys"] == nil)
    }

    @Test func theSampleSecretsFilesAgreeAndCoverEverySampleSecret() throws {
        let samples = PackagePaths.file("samples")
        let environment = Dictionary(
            uniqueKeysWithValues: ["S3", "GCS", "DOS", "R2", "AKAMAI", "WASABI", "AZURE_SAS"].map {
                ("DEMO_" + ($0 == "AZURE_SAS" ? $0 : $0 + "_SECRET"), "value-of-" + $0)
            })
        let yaml = try SecretsFileReader.read(
            .file(samples.appendingPathComponent("secrets.yaml").path), environment: environment)
        let json = try SecretsFileReader.read(
            .file(samples.appendingPathComponent("secrets.json").path), environment: environment)
        #expect(yaml == json)
        #expect(yaml.count == 10)
        #expect(yaml["thumbnails"] == ["secret": "value-of-R2"])
        #expect(yaml["support-files"] == ["sas_token": "value-of-AZURE_SAS"])
    }

    @Test func readsJSONAndNeverQuotesAValueInItsErrors() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try #"{"shop": {"secret_access_key": "${S3}"}}"#.write(
            toFile: dir.file("s.json"), atomically: true, encoding: .utf8)
        #expect(
            try SecretsFileReader.read(.file(dir.file("s.json")), environment: ["S3": "v"]) == [
                "shop": ["secret_access_key": "v"]
            ])
        #expect {
            _ = try SecretsFileReader.read(.file(dir.file("s.json")), environment: [:])
        } throws: { error in
            "\(error)".contains("${S3}") && "\(error)".contains("export S3")
        }
        try "shop: [not-a-mapping-Value-XYZ]\n".write(toFile: dir.file("bad.yaml"), atomically: true, encoding: .utf8)
        #expect {
            _ = try SecretsFileReader.read(.file(dir.file("bad.yaml")), environment: [:])
        } throws: { error in
            "\(error)".contains("bad.yaml:1:7") && !"\(error)".contains("Value-XYZ")
        }
    }

    @Test func aJSONSecretsFileIsReadAsStrictlyAsAYAMLOne() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        func error(reading text: String) throws -> String {
            try text.write(toFile: dir.file("s.json"), atomically: true, encoding: .utf8)
            do {
                _ = try SecretsFileReader.read(.file(dir.file("s.json")), environment: [:])
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        // A source listed twice: an error, as in YAML (a JSON library would keep one of them).
        let twice = try error(reading: #"{"shop": {"secret": "a"}, "shop": {"secret": "b"}}"#)
        #expect(twice.contains("s.json:1:27") && twice.contains("'shop' is listed twice"), "\(twice)")
        // A syntax error says where, without quoting the file.
        let syntax = try error(reading: "{\n  \"shop\": {\"secret\": \"Value-XYZ\",}\n}")
        #expect(syntax.contains("s.json:2:") && !syntax.contains("Value-XYZ"), "\(syntax)")
        // A number is not a secret (it would come back as another text).
        let number = try error(reading: #"{"shop": {"secret": 1e3}}"#)
        #expect(number.contains("s.json:1:21") && number.contains("is not a string"), "\(number)")
        // Nor is a secret written without quotes quoted back.
        let bare = try error(reading: #"{"shop": {"secret": hunter2}}"#)
        #expect(bare.contains("s.json:1:21") && !bare.contains("hunter2"), "\(bare)")
        // With a UTF-8 byte order mark, which JSON editors on Windows write.
        try ("\u{FEFF}" + #"{"shop": {"Secret-Access-Key": "k"}, "press": {"credentials.secret": "s"}}"#)
            .write(toFile: dir.file("ok.json"), atomically: true, encoding: .utf8)
        #expect(
            try SecretsFileReader.read(.file(dir.file("ok.json")), environment: [:])
                == ["shop": ["secret_access_key": "k"], "press": ["secret": "s"]])
    }

    @Test func missingSecretsOfSourcesToCreateAreNamedAndOthersKeepTheirRemoteSecrets() {
        let exported = [
            Fixtures.remote(Fixtures.s3("new-s3"), id: "aaaaaaaaaaaaaaaaaaaaaaa1", secretToken: "tok-1"),
            Fixtures.remote(Fixtures.s3("old-s3", bucket: "b2"), id: "aaaaaaaaaaaaaaaaaaaaaaa2", secretToken: "tok-2"),
            Fixtures.remote(Fixtures.s3("given"), id: "aaaaaaaaaaaaaaaaaaaaaaa3"),
        ]
        let records = exported.enumerated().map { Fixtures.record($0.element, line: $0.offset + 2) }
        let (merged, unused) = SecretsApplier.apply(
            ["given": ["secret_access_key": "given-secret"], "stranger": ["secret": "x"]], to: records)
        #expect(unused == ["stranger"])
        // The account has old-s3 (other id, other bucket, other token) only.
        let remote = [
            Fixtures.remote(Fixtures.s3("old-s3", bucket: "b1"), id: "bbbbbbbbbbbbbbbbbbbbbbb2", secretToken: "tok-x")
        ]
        var plan = Planner().plan(merged, remote: remote)
        let missing = SecretsApplier.markMissing(in: &plan)
        #expect(missing == [MissingSecrets(source: "new-s3", fields: ["secret_access_key"])])
        #expect(plan.items.map(\.action) == [.skip, .update, .create])
        #expect(plan.items[0].problems == [missing[0].message])
        #expect(plan.items[1].payload == ["bucket": "b2", "secret_token": "tok-2"])
        #expect(plan.items[2].payload["secret_access_key"] == "given-secret")

        let prunes = RestoreSession.pruneItems(
            plan: Plan(
                items: plan.items,
                remote: remote + [Fixtures.remote(Fixtures.url("extra"), id: "ccccccccccccccccccccccc1")]),
            export: "export.json")
        #expect(prunes.map(\.name) == ["extra"])
        #expect(prunes.map(\.action) == [.delete])
        #expect(prunes[0].record.source.credentials["secret_token"] == nil)
    }

    @Test func aRecordWithAnIDIsRenamedBackUnlessTheNameIsTaken() {
        let id = "dddddddddddddddddddddddd"
        let record = Fixtures.record(
            Source(name: "old-name", type: "url", credentials: ["url": "https://a.example.com"], id: id))
        let renamed = Source(name: "new-name", type: "url", credentials: ["url": "https://a.example.com"], id: id)
        let plan = Planner().plan([record], remote: [renamed])
        #expect(plan.items[0].action == .update)
        #expect(plan.items[0].renamedFrom == "new-name")
        #expect(plan.items[0].changes.map(\.formatted) == [#"source: "new-name" → "old-name""#])
        let taken = Planner().plan(
            [record], remote: [renamed, Source(name: "old-name", type: "url", credentials: ["url": "u"], id: "e1")])
        #expect(taken.items[0].action == .skip)
        #expect(taken.errors.count == 1)
        #expect(PlanRenderer.text(plan).contains("renamed from new-name"))
    }

    @Test func aTokenTheAccountDidNotKeepIsNotedInTheReport() {
        let source = Fixtures.remote(Fixtures.url("site"), id: "fffffffffffffffffffffff1", secretToken: "wanted-token")
        let plan = Plan(items: [PlanItem(record: Fixtures.record(source).record, action: .create)], remote: [])
        var results = [
            RecordResult(source: "site", file: "e.json", line: 2, action: .create, status: .created, id: "n1")
        ]
        let kept = [
            Source(name: "site", type: "url", credentials: ["url": "u", "secret_token": "wanted-token"], id: "n1")
        ]
        #expect(
            RestoreSession.tokensNotKept(plan: plan, results: &results, tokens: RestoreSession.tokens(of: kept)).isEmpty
        )
        let other = [
            Source(name: "site", type: "url", credentials: ["url": "u", "secret_token": "other-tok-9"], id: "n1")
        ]
        #expect(
            RestoreSession.tokensNotKept(plan: plan, results: &results, tokens: RestoreSession.tokens(of: other)) == [
                "site"
            ])
        #expect(results[0].errors.first?.contains("re-sign") == true)
        #expect(results[0].errors.allSatisfy { !$0.contains("wanted-token") && !$0.contains("other-tok-9") })
    }

    /// The token check lists the account again, as large as the restore: of each source it keeps
    /// the id and the token only (not the whole source), so that the listing does not stay in
    /// memory beside the plan and the results (issue 12 item 12: 100,000 sources under 300 MB).
    @Test func theTokenCheckKeepsOnlyEachSourcesIDAndToken() {
        let account = [
            Source(name: "a", type: "url", credentials: ["url": "u", "secret_token": "tok-a"], id: "n1"),
            Source(name: "b", type: "url", credentials: ["url": "u"], id: "n2"),
            Source(name: "c", type: "url", credentials: ["url": "u", "secret_token": "tok-c"]),
        ]
        #expect(RestoreSession.tokens(of: account) == ["n1": "tok-a", "n2": ""])
        let source = Fixtures.remote(Fixtures.url("b"), id: "fffffffffffffffffffffff2", secretToken: "wanted-token")
        let plan = Plan(items: [PlanItem(record: Fixtures.record(source).record, action: .create)], remote: [])
        var results = [RecordResult(source: "b", file: "e.json", line: 2, action: .create, status: .created, id: "n2")]
        #expect(
            RestoreSession.tokensNotKept(plan: plan, results: &results, tokens: RestoreSession.tokens(of: account)) == [
                "b"
            ])
    }
}
