import Foundation
import SourcesAPI
import SourcesCore
import SourcesHTTP
import SourcesMigration
import TestSupport
import Testing

/// The check after a restore that the account kept each `secret_token` it was given, made
/// over the real client's streamed listing (each listed source kept only as its id and
/// token) against the emulator on a real socket.
@Suite struct RestoreTokenCheckTests {
    /// The real client, except that a create's `secret_token` is replaced on the way: an
    /// account that makes up its own tokens. Listings go to the client's own streaming path.
    struct TokenReplacingService: SourcesService {
        let client: SourcesClient

        func list() async throws(APIError) -> APIResponse<[Source]> { try await client.list() }

        func list<Kept: Sendable>(keeping keep: @escaping @Sendable (Source) -> Kept?) async throws(APIError)
            -> APIResponse<[Kept]>
        {
            try await client.list(keeping: keep)
        }

        func get(id: String) async throws(APIError) -> APIResponse<Source> { try await client.get(id: id) }

        func create(_ source: Source) async throws(APIError) -> APIResponse<Source> {
            var replaced = source
            if source.name.hasPrefix("replaced-") { replaced.credentials["secret_token"] = "tokenTheAccountMadeUp01" }
            return try await client.create(replaced)
        }

        func update(id: String, name: String?, credentials: Credentials) async throws(APIError)
            -> APIResponse<Source>
        {
            try await client.update(id: id, name: name, credentials: credentials)
        }

        func delete(id: String) async throws(APIError) -> APIResponse<Void> { try await client.delete(id: id) }
    }

    @Test func aSourceWhoseTokenTheAccountDidNotKeepIsNamedAndNoted() async throws {
        try await EmulatorHarness.with { harness in
            let names = ["kept-1", "replaced-1", "kept-2", "replaced-2"]
            let records = names.enumerated().map { index, name in
                var source = Fixtures.url(name, url: "https://\(name).example.com")
                source.credentials["secret_token"] = "exportToken\(index)abcdef0123"
                return Fixtures.record(source, file: "export.json", line: index + 2)
            }
            let session = RestoreSession(
                configuration: ImportConfiguration(
                    endpoint: harness.endpoint, inputs: ["export.json"],
                    reportPath: harness.directory.file("restore.json"),
                    backupPath: harness.directory.file("restore-backup.json")),
                options: RestoreOptions(), service: TokenReplacingService(client: harness.client),
                governor: RateGovernor(maxRate: nil))
            let prepared = try await session.prepare(records)
            let restored = try await session.execute(prepared)
            #expect(restored.outcome.report.summary.created == 4)
            #expect(restored.tokensNotKept == ["replaced-1", "replaced-2"])
            let noted = restored.outcome.report.results.filter { !$0.errors.isEmpty }.map(\.source)
            #expect(noted == ["replaced-1", "replaced-2"])
            // The report written again carries the notes, and never a token.
            let written = try String(contentsOfFile: harness.directory.file("restore.json"), encoding: .utf8)
            #expect(written.contains("did not keep the export's secret_token"))
            #expect(!written.contains("exportToken") && !written.contains("tokenTheAccountMadeUp"))
        }
    }
}
