import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesEmulator
import SourcesMigration
import Testing
import TestSupport

/// `rollback` as the built binary runs it, against the emulator on a real socket.
@Suite(.serialized) struct RollbackEndToEndTests {
    private let scanned = [RestoreFixtures.secretPrefix, EmulatorHarness.key, "ProcSecret-", "Secret-Value-"]

    @Test func rollingBackAnImportWithCreatesUpdatesAndARenameGivesBackTheBackup() async throws {
        try await AccountPair.with { pair in
            let before = try await pair.seed(RestoreFixtures.sources(), name: "seed")
            // The input: shop-images renamed (matched by its id), legacy-site moved, two new sources.
            var edited = before.filter { ["shop-images", "legacy-site", "cdn-origin"].contains($0.name) }
            for i in edited.indices {
                if edited[i].name == "shop-images" { edited[i].name = "shop-images-v2" }
                if edited[i].name == "legacy-site" { edited[i].credentials["url"] = "https://moved.example.com/" }
            }
            edited += [
                Fixtures.url("fresh-1", url: "https://f1.example.com"),
                Fixtures.url("fresh-2", url: "https://f2.example.com"),
            ]
            let input = JSONSourcesWriter().render(edited, metadata: ExportMetadata())
            try input.write(toFile: pair.directory.file("edited.json"), atomically: true, encoding: .utf8)

            let imported = try await pair.run(
                [
                    "import", "edited.json", "--yes", "--quiet", "--report", "import.json", "--backup",
                    "import-backup.json",
                ],
                output: "import.out")
            #expect(imported.status == 0, "\(imported.output)")
            #expect(imported.output.contains("2 created, 2 updated, 1 unchanged"))
            let changed = try await pair.harness.account()
            #expect(
                changed.contains {
                    $0.name == "shop-images-v2" && $0.id == before.first { $0.name == "shop-images" }?.id
                })
            #expect(!changed.contains { $0.name == "shop-images" })

            let dry = try await pair.run(["rollback", "import.json", "--dry-run"], output: "dry.out")
            #expect(dry.status == 0, "\(dry.output)")
            #expect(dry.output.contains("renamed from shop-images-v2"))
            #expect(dry.output.contains("Plan: 0 to create, 2 to update, 2 to delete"))
            #expect(AccountPair.lines(try await pair.harness.account()) == AccountPair.lines(changed))

            let undone = try await pair.run(
                [
                    "rollback", "import.json", "--yes", "--quiet", "--report", "rollback.json", "--backup",
                    "rollback-backup.json",
                ],
                output: "rollback.out")
            #expect(undone.status == 0, "\(undone.output)")
            let backup = try BackupReader.read(path: pair.directory.file("import-backup.json"))
            let after = try await pair.harness.account()
            #expect(AccountPair.lines(after, withID: true) == AccountPair.lines(backup.sources, withID: true))
            #expect(AccountPair.lines(after, withID: true) == AccountPair.lines(before, withID: true))

            // The rollback wrote its own report and backup: rolling it back redoes the import.
            let redone = try await pair.run(
                ["rollback", "rollback.json", "--yes", "--quiet", "--report", "redo.json"], output: "redo.out")
            #expect(redone.status == 0, "\(redone.output)")
            #expect(AccountPair.lines(try await pair.harness.account()) == AccountPair.lines(changed))

            for (name, text) in try pair.files() {
                for secret in scanned { #expect(!text.contains(secret), "\(name) contains a secret") }
            }
            for name in ["import.out", "dry.out", "rollback.out", "redo.out", "rollback.json", "rollback.json.csv"] {
                let text = try String(contentsOfFile: pair.directory.file(name), encoding: .utf8)
                for token in before.compactMap({ $0.credentials["secret_token"] }) {
                    #expect(!text.contains(token), "\(name) shows a secret_token")
                }
            }
        }
    }

    @Test func rollingBackAKilledImportFromItsJournalGivesBackTheBackup() async throws {
        try await AccountPair.with({ $0.latencyMilliseconds = 60 }) { pair in
            let dir = pair.directory
            // Two sources the import will update, one it leaves alone.
            _ = try await pair.seed(
                [
                    Fixtures.s3("k-1", bucket: "old-bucket", secret: "ProcSecret-seed"),
                    Fixtures.url("k-2", url: "https://old.example.com"),
                    Fixtures.url("unrelated", url: "https://u.example.com"),
                ], name: "seed")
            let before = try await pair.harness.account()
            try Fixtures.writeCSV(dir.file("in.csv"), count: 120, prefix: "k", secret: "ProcSecret-")
            var environment = ProcessInfo.processInfo.environment
            environment[APIConfiguration.apiKeyVariable] = EmulatorHarness.key
            environment[APIConfiguration.endpointVariable] = pair.harness.endpoint
            let importing = try CLI.start(
                [
                    "import", "in.csv", "--report", "r1.json", "--backup", "r1-backup.json", "--concurrency", "2",
                    "--yes", "--quiet",
                ],
                environment: environment, outputPath: dir.file("import.out"), directory: dir.path)
            #expect(await Fixtures.waitForLines(dir.file("r1.json.journal.jsonl"), atLeast: 21))
            importing.send(SIGKILL)
            _ = await importing.wait()
            #expect(importing.process.terminationReason == .uncaughtSignal)
            try await Task.sleep(for: .milliseconds(500))  // requests in flight land
            let during = try await pair.harness.account()
            #expect(during.count > before.count)
            // A few seconds after the crash someone else creates a source: it is not the run's.
            let intruder = try await pair.harness.client.create(
                Fixtures.url("created-after-the-crash", url: "https://a.example.com")
            ).body

            let undone = try await pair.run(
                ["rollback", "r1.json.journal.jsonl", "--yes", "--quiet", "--report", "undo.json"], output: "undo.out")
            #expect(undone.status == 0, "\(undone.output)")
            // Creates in flight at the kill are in the account with no result in the journal, only their
            // intent: the plan names each one, as proven the run's by what it sent.
            let journaled = try RunRecord.load(path: dir.file("r1.json.journal.jsonl")).results.filter {
                $0.status == .created
            }
            let unjournaled = during.count - before.count - journaled.count
            #expect(unjournaled >= 0)
            #expect(
                undone.output.components(separatedBy: "never heard the answer").count - 1 == unjournaled,
                "\(undone.output)")
            #expect(
                undone.output.contains(
                    "- skip       created-after-the-crash\n      not there before the run, and not recorded as created by it: not ours, left alone"
                ), "\(undone.output)")
            let backup = try BackupReader.read(path: dir.file("r1-backup.json"))
            let after = try await pair.harness.account()
            #expect(
                AccountPair.lines(after, withID: true) == AccountPair.lines(backup.sources + [intruder], withID: true))
            #expect(AccountPair.lines(after, withID: true) == AccountPair.lines(before + [intruder], withID: true))
            for (name, text) in try pair.files() where name != "in.csv" {
                for secret in scanned { #expect(!text.contains(secret), "\(name) contains a secret") }
            }
        }
    }

    @Test func aDryRunRollbackOfAKilledRunThatWasResumedPlansOnlyItsOwnCreates() async throws {
        try await AccountPair.with({ $0.latencyMilliseconds = 60 }) { pair in
            let dir = pair.directory
            let before = try await pair.seed([Fixtures.url("unrelated", url: "https://u.example.com")], name: "seed")
            try Fixtures.writeCSV(dir.file("in.csv"), count: 120, prefix: "k", secret: "ProcSecret-")
            var environment = ProcessInfo.processInfo.environment
            environment[APIConfiguration.apiKeyVariable] = EmulatorHarness.key
            environment[APIConfiguration.endpointVariable] = pair.harness.endpoint
            let importing = try CLI.start(
                [
                    "import", "in.csv", "--report", "r1.json", "--backup", "r1-backup.json", "--concurrency", "3",
                    "--yes", "--quiet",
                ],
                environment: environment, outputPath: dir.file("import.out"), directory: dir.path)
            #expect(await Fixtures.waitForLines(dir.file("r1.json.journal.jsonl"), atLeast: 40))
            importing.send(SIGKILL)
            _ = await importing.wait()
            try await Task.sleep(for: .milliseconds(500))  // requests in flight land
            // A line cut short, as a crash in the middle of a write leaves it.
            let handle = try #require(FileHandle(forWritingAtPath: dir.file("r1.json.journal.jsonl")))
            handle.seekToEndOfFile()
            handle.write(Data(#"{"source": "k-1"#.utf8))
            handle.closeFile()
            let first = try RunRecord.load(path: dir.file("r1.json.journal.jsonl"))
            let recorded = Set(first.results.filter { $0.status == .created }.map(\.source))
            let firstRunNames = recorded.union(first.intents.map(\.source))
            #expect(!recorded.isEmpty && firstRunNames.count < 120)

            let resumed = try await pair.run(
                [
                    "import", "in.csv", "--resume", "r1.json.journal.jsonl", "--report", "r2.json", "--backup",
                    "r2-backup.json",
                    "--yes", "--quiet",
                ], output: "resume.out")
            #expect(resumed.status == 0, "\(resumed.output)")
            let complete = try await pair.harness.account()
            #expect(complete.count == before.count + 120)

            let dry = try await pair.run(["rollback", "r1.json.journal.jsonl", "--dry-run"], output: "dry.out")
            #expect(dry.status == 0, "\(dry.output)")
            let deletes = Set(
                dry.output.split(separator: "\n").compactMap { line -> String? in
                    guard line.hasPrefix("! delete     ") else { return nil }
                    return line.dropFirst("! delete     ".count).split(separator: " ").first.map(String.init)
                })
            #expect(recorded.isSubset(of: deletes), "a create the journal records is not planned")
            #expect(deletes.isSubset(of: firstRunNames), "planned: \(deletes.subtracting(firstRunNames).sorted())")
            let secondRunOnly = (1...120).map { "k-\($0)" }.filter { !firstRunNames.contains($0) }
            for name in secondRunOnly {
                #expect(
                    dry.output.contains(
                        "- skip       \(name)\n      not there before the run, and not recorded as created by it: not ours, left alone"
                    ), "\(name)")
            }
            #expect(dry.output.contains("Plan: 0 to create, 0 to update, \(deletes.count) to delete"), "\(dry.output)")
            #expect(AccountPair.lines(try await pair.harness.account()) == AccountPair.lines(complete))

            // Given the last report of the chain, the rollback covers both runs: the account is as before them.
            let undone = try await pair.run(
                ["rollback", "r2.json", "--yes", "--quiet", "--report", "undo.json"], output: "undo.out")
            #expect(undone.status == 0, "\(undone.output)")
            #expect(
                undone.output.contains(
                    "It resumed run \(first.runID) (r1.json.journal.jsonl): rolled back too, as one chain."))
            #expect(
                AccountPair.lines(try await pair.harness.account(), withID: true)
                    == AccountPair.lines(before, withID: true))
        }
    }

    @Test func afterARollbackEverySourceBehavesAsInTheBackupFieldByField() async throws {
        try await AccountPair.with { pair in
            let before = try await pair.seed(RestoreFixtures.sources(), name: "seed")
            #expect(before.first { $0.name == "legacy-site" }?.credentials["require_token"] == nil)
            // The import: signing required on a url source that had no require_token, a bucket moved, a new source.
            var edited = before.filter { ["legacy-site", "shop-images"].contains($0.name) }
            for i in edited.indices {
                if edited[i].name == "legacy-site" { edited[i].credentials["require_token"] = "true" }
                if edited[i].name == "shop-images" { edited[i].credentials["bucket"] = "acme-shop-moved" }
            }
            edited.append(Fixtures.url("fresh", url: "https://fresh.example.com"))
            let input = JSONSourcesWriter().render(edited, metadata: ExportMetadata())
            try input.write(toFile: pair.directory.file("edited.json"), atomically: true, encoding: .utf8)
            let imported = try await pair.run(
                ["import", "edited.json", "--yes", "--quiet", "--report", "import.json"], output: "import.out")
            #expect(imported.status == 0, "\(imported.output)")
            #expect(
                try await pair.harness.account().first { $0.name == "legacy-site" }?.credentials["require_token"]
                    == "true")

            let undone = try await pair.run(
                ["rollback", "import.json", "--yes", "--quiet", "--report", "undo.json"], output: "undo.out")
            #expect(undone.status == 0, "\(undone.output)")
            let after = try await pair.harness.account()
            // Field by field, as README documents the comparison: provider secrets show as `****` on both
            // sides; a require_token that is absent behaves as "false".
            func behaviour(_ sources: [Source]) -> [String: [String: String]] {
                var fields: [String: [String: String]] = [:]
                for source in sources {
                    var row = source.credentials.dictionary
                    row["require_token"] = row["require_token"] ?? "false"
                    row["source"] = source.name
                    row["source_type"] = source.type
                    fields[source.id ?? source.name] = row
                }
                return fields
            }
            let was = behaviour(before)
            let now = behaviour(after)
            #expect(Set(now.keys) == Set(was.keys))
            for (id, fields) in was {
                for field in Set(fields.keys).union(now[id]?.keys.map { $0 } ?? []) {
                    #expect(
                        now[id]?[field] == fields[field],
                        "\(fields["source"] ?? id).\(field): \(now[id]?[field] ?? "(absent)") after, \(fields[field] ?? "(absent)") before"
                    )
                }
            }
        }
    }

    @Test func aFieldTheRunAddedThatNoValueCanRemoveIsNamedAndTheRollbackExits1() async throws {
        try await AccountPair.with { pair in
            let before = try await pair.seed(RestoreFixtures.sources(), name: "seed")
            // support-files moves from a file share to a blob container: container_name is new.
            var edited = before.filter { $0.name == "support-files" }
            edited[0].credentials["service_type"] = "blob"
            edited[0].credentials["container_name"] = "support-blob"
            let input = JSONSourcesWriter().render(edited, metadata: ExportMetadata())
            try input.write(toFile: pair.directory.file("edited.json"), atomically: true, encoding: .utf8)
            let imported = try await pair.run(
                ["import", "edited.json", "--yes", "--quiet", "--report", "import.json"], output: "import.out")
            #expect(imported.status == 0, "\(imported.output)")

            let dry = try await pair.run(["rollback", "import.json", "--dry-run"], output: "dry.out")
            #expect(dry.status == 0, "\(dry.output)")
            #expect(dry.output.contains("Not undone exactly (the rollback will exit 1):"), "\(dry.output)")
            let undone = try await pair.run(
                ["rollback", "import.json", "--yes", "--quiet", "--report", "undo.json"], output: "undo.out")
            #expect(undone.status == 1, "\(undone.output)")
            #expect(undone.output.contains("error: the rollback could not put everything back as it was:"))
            #expect(
                undone.output.contains("support-files: container_name did not exist before the run"), "\(undone.output)"
            )
            #expect(undone.output.contains("remove it in the ImageBoss dashboard"))
            // What could be put back was: the service type is a file share again.
            let after = try await pair.harness.account()
            #expect(after.first { $0.name == "support-files" }?.credentials["service_type"] == "file-share")
        }
    }

    @Test func deleteByFileReportsAbsentNamesAndCanBeRolledBackWithSecrets() async throws {
        try await AccountPair.with { pair in
            let before = try await pair.seed(RestoreFixtures.sources(), name: "seed")
            try "- source: press-kit\n- source: legacy-site\n- name: not-there\n".write(
                toFile: pair.directory.file("names.yaml"), atomically: true, encoding: .utf8)

            let refused = try await pair.run(["delete", "cdn-origin", "--quiet"], output: "refused.out")
            #expect(refused.status == 2, "\(refused.output)")
            #expect(try await pair.harness.account().count == 5)

            let deleted = try await pair.run(
                [
                    "delete", "--from", "names.yaml", "--yes", "--quiet", "--report", "delete.json", "--backup",
                    "delete-backup.json",
                ],
                output: "delete.out")
            #expect(deleted.status == 0, "\(deleted.output)")
            #expect(deleted.output.contains("2 deleted, 0 unchanged, 1 skipped, 0 failed"))
            #expect(
                Set(try await pair.harness.account().map(\.name)) == ["shop-images", "support-files", "cdn-origin"])
            #expect(try TemporaryDirectory.mode(of: pair.directory.file("delete-backup.json")) == 0o600)
            let data = try Data(contentsOf: URL(fileURLWithPath: pair.directory.file("delete.json")))
            let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let results = try #require(report["results"] as? [[String: Any]])
            #expect(results.map { $0["status"] as? String } == ["deleted", "deleted", "skipped"])
            #expect(results.map { $0["line"] as? Int } == [1, 2, 3])
            #expect((results[2]["errors"] as? [String]) == ["not in the account: nothing to delete"])

            try RestoreFixtures.secretsYAML.write(
                toFile: pair.directory.file("secrets.yaml"), atomically: true, encoding: .utf8)
            let undone = try await pair.run(
                ["rollback", "delete.json", "--secrets", "secrets.yaml", "--yes", "--quiet", "--report", "undo.json"],
                environment: RestoreFixtures.environment, output: "undo.out")
            #expect(undone.status == 0, "\(undone.output)")
            #expect(AccountPair.lines(try await pair.harness.account()) == AccountPair.lines(before))
            for (name, text) in try pair.files() {
                for secret in [RestoreFixtures.secretPrefix, EmulatorHarness.key] {
                    #expect(!text.contains(secret), "\(name) contains a secret")
                }
            }
        }
    }
}
