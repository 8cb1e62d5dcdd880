import Foundation
import SourcesAPI
import SourcesCore
import SourcesEmulator
import SourcesMigration
import TestSupport
import Testing
import SourcesHTTP

/// `export` and `restore` as the built binary runs them, against the emulator on a real socket.
@Suite(.serialized) struct RestoreEndToEndTests {
    private let scanned = [RestoreFixtures.secretPrefix, EmulatorHarness.key, AccountPair.otherKey]

    @Test func exportThenRestoreIntoAnEmptyAccountMakesTheAccountsMatch() async throws {
        try await AccountPair.with { pair in
            let original = try await pair.seed(RestoreFixtures.sources(), name: "seed")
            #expect(original.count == 5)

            let exported = try await pair.run(["export", "-o", "backup.json"], output: "export.out")
            #expect(exported.status == 0, "\(exported.output)")
            #expect(try TemporaryDirectory.mode(of: pair.directory.file("backup.json")) == 0o600)
            let envelope = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: pair.directory.file("backup.json"))))
                    as? [String: Any])
            #expect(envelope["count"] as? Int == 5)
            #expect(envelope["endpoint"] as? String == pair.harness.endpoint)
            #expect((envelope["exported_at"] as? String)?.hasSuffix("Z") == true)

            try RestoreFixtures.secretsYAML.write(
                toFile: pair.directory.file("secrets.yaml"), atomically: true, encoding: .utf8)
            let restored = try await pair.run(
                [
                    "restore", "backup.json", "--secrets", "secrets.yaml", "--yes", "--quiet", "--report",
                    "restore.json",
                    "--backup", "restore-backup.json",
                ],
                key: AccountPair.otherKey, environment: RestoreFixtures.environment, output: "restore.out")
            #expect(restored.status == 0, "\(restored.output)")
            #expect(restored.output.contains("Restore finished: 5 created"))

            let second = try await pair.other.list().body
            // Every non-secret field and secret_token are equal; provider secrets read back as ****.
            #expect(AccountPair.lines(second) == AccountPair.lines(original))
            #expect(Set(second.compactMap(\.id)).isDisjoint(with: Set(original.compactMap(\.id))))
            let tokens = original.compactMap { $0.credentials["secret_token"] }
            #expect(tokens.count == 5)

            // A rerun changes nothing: the accounts already match.
            let rerun = try await pair.run(
                ["restore", "backup.json", "--secrets", "secrets.yaml", "--yes", "--quiet", "--report", "rerun.json"],
                key: AccountPair.otherKey, environment: RestoreFixtures.environment, output: "rerun.out")
            #expect(rerun.status == 0, "\(rerun.output)")
            #expect(rerun.output.contains("Plan: 0 to create, 0 to update, 5 unchanged."), "\(rerun.output)")
            #expect(!rerun.output.contains("Backup:"))

            // Export → convert to every format → back gives the same records (checked by the reader tests
            // for files; here, for a live export): the restore from YAML is also a no-op.
            let yaml = try await pair.run(
                ["convert", "backup.json", "--to", "yaml", "-o", "backup.yaml"], output: "convert.out")
            #expect(yaml.status == 0, "\(yaml.output)")
            let fromYAML = try await pair.run(
                ["restore", "backup.yaml", "--dry-run"], key: AccountPair.otherKey, output: "yaml-plan.out")
            #expect(fromYAML.output.contains("Plan: 0 to create, 0 to update, 5 unchanged."), "\(fromYAML.output)")

            let files = try pair.files()
            for (name, text) in files where name != "secrets.yaml" {
                for secret in scanned { #expect(!text.contains(secret), "\(name) contains a secret") }
            }
            for name in ["export.out", "restore.out", "rerun.out", "restore.json", "restore.json.csv"] {
                for token in tokens { #expect(files[name]?.contains(token) == false, "\(name) shows a secret_token") }
            }
        }
    }

    @Test func missingSecretsAreListedUpFrontAndNothingIsHalfCreated() async throws {
        try await AccountPair.with { pair in
            _ = try await pair.seed(RestoreFixtures.sources(), name: "seed")
            _ = try await pair.run(["export", "-o", "backup.json"], output: "export.out")
            // Only the S3 secret is given.
            try "shop-images: {secret_access_key: \"${T_S3}\"}\n".write(
                toFile: pair.directory.file("partial.yaml"), atomically: true, encoding: .utf8)
            let restored = try await pair.run(
                [
                    "restore", "backup.json", "--secrets", "partial.yaml", "--yes", "--quiet", "--report",
                    "restore.json",
                ],
                key: AccountPair.otherKey, environment: RestoreFixtures.environment, output: "restore.out")
            #expect(restored.status == 0, "\(restored.output)")
            let text = restored.output
            let listed = try #require(text.range(of: "2 sources cannot be created without secrets"))
            let firstPlanLine = try #require(text.range(of: "+ create"))
            #expect(listed.lowerBound < firstPlanLine.lowerBound)
            #expect(text.contains("press-kit: secret\n"))
            #expect(text.contains("support-files: sas_token\n"))
            #expect(text.contains("2 sources were not created for want of secrets"))

            let names = Set(try await pair.other.list().body.map(\.name))
            #expect(names == ["shop-images", "legacy-site", "cdn-origin"])
            let report = try ResumeState.load(path: pair.directory.file("restore.json"))
            #expect(report.resultCount == 5)
            let data = try Data(contentsOf: URL(fileURLWithPath: pair.directory.file("restore.json")))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let results = try #require(object["results"] as? [[String: Any]])
            let skipped = results.filter { $0["status"] as? String == "skipped" }
            #expect(skipped.compactMap { $0["source"] as? String }.sorted() == ["press-kit", "support-files"])
            let message = (skipped.first { $0["source"] as? String == "support-files" }?["errors"] as? [String])?.first
            #expect(message?.contains("sas_token") == true)
            #expect(try await pair.harness.emulator.stats().count(status: 422) == 0)
            for (name, text) in try pair.files() where name != "partial.yaml" {
                for secret in scanned { #expect(!text.contains(secret), "\(name) contains a secret") }
            }
        }
    }

    @Test func pruneNeedsYesAndRespectsMaxDelete() async throws {
        try await AccountPair.with { pair in
            _ = try await pair.seed(Array(RestoreFixtures.sources().suffix(2)), name: "seed")
            _ = try await pair.run(["export", "-o", "backup.json"], output: "export.out")
            // The second account has the two exported sources plus three others.
            for source in [Fixtures.url("cdn-origin", url: "https://origin.example.com/")]
                + (1...3).map({
                    Fixtures.url("extra-\($0)", url: "https://extra\($0).example.com")
                })
            {
                _ = try await pair.other.create(source)
            }
            let before = AccountPair.lines(try await pair.other.list().body)
            #expect(before.count == 4)
            let base = ["restore", "backup.json", "--prune", "--quiet", "--report", "prune.json"]

            let unconfirmed = try await pair.run(base, key: AccountPair.otherKey, output: "unconfirmed.out")
            #expect(unconfirmed.status == 2, "\(unconfirmed.output)")
            #expect(unconfirmed.output.contains("! delete     extra-2"))
            #expect(unconfirmed.output.contains("pass --yes"))
            #expect(AccountPair.lines(try await pair.other.list().body) == before)

            let tooMany = try await pair.run(
                base + ["--yes", "--max-delete", "2"], key: AccountPair.otherKey, output: "toomany.out")
            #expect(tooMany.status == 2, "\(tooMany.output)")
            #expect(tooMany.output.contains("more than --max-delete 2; pass --max-delete 3"))
            #expect(AccountPair.lines(try await pair.other.list().body) == before)
            #expect(try await pair.harness.emulator.stats().count(method: "DELETE") == 0)

            let pruned = try await pair.run(base + ["--yes"], key: AccountPair.otherKey, output: "pruned.out")
            #expect(pruned.status == 0, "\(pruned.output)")
            // cdn-origin exists in both accounts with different signing keys: the export's is carried over.
            #expect(pruned.output.contains("1 created, 1 updated, 3 deleted, 0 unchanged"), "\(pruned.output)")
            #expect(Set(try await pair.other.list().body.map(\.name)) == ["legacy-site", "cdn-origin"])

            // A rollback of the prune recreates what it deleted (url sources need no secrets).
            let undone = try await pair.run(
                ["rollback", "prune.json", "--yes", "--quiet", "--report", "undo.json"], key: AccountPair.otherKey,
                output: "undo.out")
            #expect(undone.status == 0, "\(undone.output)")
            let after = AccountPair.lines(try await pair.other.list().body)
            #expect(after == before)
            for (name, text) in try pair.files() {
                for secret in scanned { #expect(!text.contains(secret), "\(name) contains a secret") }
            }
        }
    }

    @Test func anExportThatIsNotReadCompletelyNeverPrunes() async throws {
        try await AccountPair.with { pair in
            _ = try await pair.other.create(Fixtures.url("keep-me", url: "https://keep.example.com"))
            let csv = "source,source_type,url\ngood,url,https://good.example.com\nbad,url,not a url\n"
            try csv.write(toFile: pair.directory.file("partial.csv"), atomically: true, encoding: .utf8)
            let run = try await pair.run(
                ["restore", "partial.csv", "--prune", "--skip-invalid", "--yes", "--quiet"], key: AccountPair.otherKey,
                output: "partial.out")
            #expect(run.status == 2, "\(run.output)")
            #expect(run.output.contains("not read completely"))
            #expect(try await pair.other.list().body.map(\.name) == ["keep-me"])
            #expect(try await pair.harness.emulator.stats().count(method: "DELETE") == 0)
        }
    }

    @Test func anExportWhoseCountDoesNotMatchItsRecordsNeverPrunes() async throws {
        try await AccountPair.with { pair in
            _ = try await pair.other.create(Fixtures.url("keep-me", url: "https://keep.example.com"))
            // An export of 8 sources cut down to 3 records: its count still says 8.
            let three = (1...3).map { Fixtures.url("kept-\($0)", url: "https://k\($0).example.com") }
            let cut = JSONSourcesWriter().render(three, metadata: ExportMetadata())
                .replacingOccurrences(of: #""count": 3"#, with: #""count": 8"#)
            try cut.write(toFile: pair.directory.file("cut.json"), atomically: true, encoding: .utf8)
            let refused = try await pair.run(
                ["restore", "cut.json", "--prune", "--yes", "--quiet"], key: AccountPair.otherKey, output: "cut.out")
            #expect(refused.status == 2, "\(refused.output)")
            #expect(
                refused.output.contains("the export says it holds 8 sources (its count) but 3 were read"),
                "\(refused.output)")

            // A CSV export has no count: refused unless --allow-no-count says every source to keep is in it.
            let csv = "source,source_type,url\nkept-1,url,https://k1.example.com\n"
            try csv.write(toFile: pair.directory.file("uncounted.csv"), atomically: true, encoding: .utf8)
            let uncounted = try await pair.run(
                ["restore", "uncounted.csv", "--prune", "--yes", "--quiet"], key: AccountPair.otherKey,
                output: "uncounted.out")
            #expect(uncounted.status == 2, "\(uncounted.output)")
            #expect(uncounted.output.contains("the export has no count"), "\(uncounted.output)")
            #expect(try await pair.other.list().body.map(\.name) == ["keep-me"])
            #expect(try await pair.harness.emulator.stats().count(method: "DELETE") == 0)
            #expect(try await pair.harness.emulator.stats().count(method: "POST") == 1)  // keep-me, nothing else

            let allowed = try await pair.run(
                [
                    "restore", "uncounted.csv", "--prune", "--allow-no-count", "--yes", "--quiet", "--report",
                    "allowed.json",
                ],
                key: AccountPair.otherKey, output: "allowed.out")
            #expect(allowed.status == 0, "\(allowed.output)")
            #expect(try await pair.other.list().body.map(\.name) == ["kept-1"])

            // The whole export, with its count: pruned as asked.
            let whole = JSONSourcesWriter().render(three, metadata: ExportMetadata())
            try whole.write(toFile: pair.directory.file("whole.json"), atomically: true, encoding: .utf8)
            let pruned = try await pair.run(
                ["restore", "whole.json", "--prune", "--yes", "--quiet", "--report", "whole-report.json"],
                key: AccountPair.otherKey, output: "whole.out")
            #expect(pruned.status == 0, "\(pruned.output)")
            #expect(Set(try await pair.other.list().body.map(\.name)) == ["kept-1", "kept-2", "kept-3"])
        }
    }

    @Test func aSecretsTemplateNamesEverySecretTheExportLacksAndDrivesTheRestore() async throws {
        try await AccountPair.with { pair in
            _ = try await pair.seed(RestoreFixtures.sources(), name: "seed")
            _ = try await pair.run(["export", "-o", "backup.json"], output: "export.out")
            let requestsBefore = try await pair.harness.emulator.stats().totalRequests
            // No key is needed: the template is written from the export alone, and nothing is sent.
            let written = try await pair.run(
                ["restore", "backup.json", "--secrets-template", "secrets.yaml"], key: "", output: "template.out")
            #expect(written.status == 0, "\(written.output)")
            #expect(written.output.contains("wrote a secrets template for 3 sources to secrets.yaml"))
            #expect(try await pair.harness.emulator.stats().totalRequests == requestsBefore)
            #expect(try TemporaryDirectory.mode(of: pair.directory.file("secrets.yaml")) == 0o600)
            let again = try await pair.run(
                ["restore", "backup.json", "--secrets-template", "secrets.yaml"], key: "", output: "again.out")
            #expect(again.status == 2, "\(again.output)")
            #expect(again.output.contains("already exists"))

            // Filled in with ${VARIABLE}s, it restores every source into the second account.
            let template = try String(contentsOfFile: pair.directory.file("secrets.yaml"), encoding: .utf8)
            let filled =
                template
                .replacingOccurrences(of: #""secret_access_key": """#, with: #""secret_access_key": "${T_S3}""#)
                .replacingOccurrences(of: #""secret": """#, with: #""secret": "${T_GCS}""#)
                .replacingOccurrences(of: #""sas_token": """#, with: #""sas_token": "?sv=${T_SAS}""#)
            try filled.write(toFile: pair.directory.file("filled.yaml"), atomically: true, encoding: .utf8)
            let restored = try await pair.run(
                ["restore", "backup.json", "--secrets", "filled.yaml", "--yes", "--quiet", "--report", "restore.json"],
                key: AccountPair.otherKey, environment: RestoreFixtures.environment, output: "restore.out")
            #expect(restored.status == 0, "\(restored.output)")
            #expect(restored.output.contains("Restore finished: 5 created"), "\(restored.output)")
        }
    }
}
