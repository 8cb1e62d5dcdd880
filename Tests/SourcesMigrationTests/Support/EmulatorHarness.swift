import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesEmulator
import SourcesMigration

/// A real emulator on a real socket (port 0) and a real ``SourcesClient`` for it.
final class EmulatorHarness: Sendable {
    static let key = "migration-test-key"
    let emulator: RunningEmulator
    let client: SourcesClient
    let directory: TemporaryDirectory

    private init(emulator: RunningEmulator, client: SourcesClient, directory: TemporaryDirectory) {
        self.emulator = emulator
        self.client = client
        self.directory = directory
    }

    /// Starts an emulator configured by `configure`, with ``key`` as an accepted key.
    static func start(
        clientKey: String = key, _ configure: (inout EmulatorConfiguration) -> Void = { _ in }
    ) async throws -> EmulatorHarness {
        var configuration = EmulatorConfiguration()
        configuration.addKey("\(key):acct")
        configure(&configuration)
        let emulator = try await RunningEmulator.start(configuration)
        let api = try APIConfiguration.resolve(
            endpoint: emulator.baseURL, apiKeyFile: nil, allowHTTP: false,
            environment: [APIConfiguration.apiKeyVariable: clientKey])
        return EmulatorHarness(
            emulator: emulator, client: SourcesClient(configuration: api, maximumConnections: 16),
            directory: try TemporaryDirectory())
    }

    var endpoint: String { client.configuration.endpoint.absoluteString }

    /// A session with a fresh report path (`name`.json) in the harness directory.
    func session(
        _ name: String, planOptions: PlanOptions = PlanOptions(), upload: UploadSettings = UploadSettings(),
        rate: Double? = nil, skipInvalid: Bool = false, resume: ResumeState? = nil
    ) -> ImportSession {
        ImportSession(
            configuration: ImportConfiguration(
                endpoint: endpoint, inputs: ["in.csv"], planOptions: planOptions, upload: upload,
                skipInvalid: skipInvalid, reportPath: directory.file("\(name).json"),
                backupPath: directory.file("\(name)-backup.json"), resume: resume),
            service: client, governor: ImportGovernor.make(maxRate: rate))
    }

    /// Plans and carries out `records` in one go.
    func importing(
        _ records: [CandidateRecord], _ name: String, planOptions: PlanOptions = PlanOptions(),
        upload: UploadSettings = UploadSettings()
    ) async throws -> (PreparedImport, ImportOutcome) {
        let session = session(name, planOptions: planOptions, upload: upload)
        let prepared = try await session.prepare(records)
        return (prepared, try await session.execute(prepared))
    }

    /// The account as the API lists it now (retried through injected faults).
    func account() async throws -> [Source] {
        var lastError: APIError = .timeout
        for _ in 0..<20 {
            do {
                return try await client.list().body
            } catch {
                lastError = error
                guard error.isRetryable else { break }
            }
        }
        throw lastError
    }

    func shutdown() async {
        await client.shutdown()
        try? await emulator.shutdown()
        directory.remove()
    }

    /// Every file the run left in the harness directory, as text.
    func writtenFiles() throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            files[name] = try String(contentsOfFile: directory.file(name), encoding: .utf8)
        }
        return files
    }
}
