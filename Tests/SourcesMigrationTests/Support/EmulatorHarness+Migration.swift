import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesEmulator
import SourcesMigration
import TestSupport

/// The shared ``EmulatorHarness`` as the migration tests use it: one account (``key``), and
/// import sessions whose files go to the harness directory.
extension EmulatorHarness {
    static let key = "migration-test-key"

    /// Starts an emulator configured by `configure`, with ``key`` as an accepted key and a
    /// client sending `clientKey`. Prefer ``with(clientKey:_:_:)``.
    static func start(
        clientKey: String = key, _ configure: (inout EmulatorConfiguration) -> Void = { _ in }
    ) async throws -> EmulatorHarness {
        try await start(keys: ["\(key):acct"], clientKey: clientKey, configure)
    }

    /// Runs `body` with an emulator as ``start(clientKey:_:)`` starts it, and shuts it down
    /// (awaited) whether `body` returns or throws.
    static func with<T>(
        clientKey: String = key, _ configure: (inout EmulatorConfiguration) -> Void = { _ in },
        _ body: (EmulatorHarness) async throws -> T
    ) async throws -> T {
        try await with(keys: ["\(key):acct"], clientKey: clientKey, configure, body)
    }

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

    /// Every file the run left in the harness directory, as text.
    func writtenFiles() throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            files[name] = try String(contentsOfFile: directory.file(name), encoding: .utf8)
        }
        return files
    }
}
