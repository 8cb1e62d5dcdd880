import Foundation
import SourcesAPI
import SourcesCore
import SourcesEmulator
import SourcesMigration
import SourcesReaders
import TestSupport
import Testing

/// `AccountExporter` with the real client on a real socket, and the round trip of its output
/// through every writer and reader.
@Suite struct ExportTests {
    @Test func exportsTheEnvelopeAndEveryFormatReadsBackToTheSameRecords() async throws {
        try await AccountPair.with { pair in
            let account = try await pair.seed(RestoreFixtures.sources(), name: "seed")
            let exporter = AccountExporter(
                endpoint: pair.harness.endpoint, service: pair.harness.client, governor: RateGovernor(maxRate: nil))
            let export = try await exporter.export(format: "json")
            #expect(export.sources == account)
            let path = pair.directory.file("export.json")
            try AccountExporter.write(export, to: path)
            #expect(try TemporaryDirectory.mode(of: path) == 0o600)
            #expect(export.text.contains("\"count\": 5"))
            #expect(export.text.contains("\"endpoint\": \(JSONText.quote(pair.harness.endpoint))"))
            #expect(export.text.contains("\"secret_access_key\": \"****\""))

            let fromJSON = try read(.file(path))
            #expect(fromJSON == account)
            for format in ["yaml", "csv", "xml"] {
                let writer = try #require(WriterRegistry.writer(named: format))
                let text = writer.render(fromJSON, metadata: ExportMetadata(exportedAt: "2026-01-01T00:00:00Z"))
                let back = try read(.bytes(name: "export.\(format)", Array(text.utf8)), format: format)
                #expect(back == account, "\(format) does not round-trip")
            }
            await #expect(throws: ExportFailure.self) { _ = try await exporter.export(format: "toml") }
            for (name, text) in try pair.files() {
                #expect(!text.contains(RestoreFixtures.secretPrefix), "\(name) contains a provider secret")
                #expect(!text.contains(EmulatorHarness.key), "\(name) contains the API key")
            }
        }
    }

    private func read(_ input: InputSource, format: String? = nil) throws -> [Source] {
        let store = DiagnosticStore()
        let loaded = try InputPipeline(format: format, environment: [:], diagnostics: store).load([input])
        #expect(!store.hasErrors, "\(store.diagnostics.map(\.formatted))")
        return loaded.map(\.record.source)
    }
}
