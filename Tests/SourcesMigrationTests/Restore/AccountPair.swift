import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesEmulator
import SourcesMigration
import TestSupport

/// One emulator on a real socket with two accounts (the harness's key, and ``otherKey``),
/// and the built binary run against it.
struct AccountPair {
    static let otherKey = "restore-test-other-key"
    let harness: EmulatorHarness
    let other: SourcesClient

    static func start(_ configure: @escaping (inout EmulatorConfiguration) -> Void = { _ in }) async throws
        -> AccountPair
    {
        let harness = try await EmulatorHarness.start {
            $0.addKey("\(otherKey):second-account")
            configure(&$0)
        }
        let api = try APIConfiguration.resolve(
            endpoint: harness.emulator.baseURL, apiKeyFile: nil, allowHTTP: false,
            environment: [APIConfiguration.apiKeyVariable: otherKey])
        return AccountPair(harness: harness, other: SourcesClient(configuration: api))
    }

    /// Runs `body` with a pair as ``start(_:)`` starts it, and shuts it down (awaited) whether
    /// `body` returns or throws.
    static func with<T>(
        _ configure: @escaping (inout EmulatorConfiguration) -> Void = { _ in }, _ body: (AccountPair) async throws -> T
    ) async throws -> T {
        try await scoped(try await start(configure), shutdown: { await $0.shutdown() }, body)
    }

    var directory: TemporaryDirectory { harness.directory }

    func shutdown() async {
        await other.shutdown()
        await harness.shutdown()
    }

    /// Runs `ibsources arguments…` in the harness directory with `key` (the first account's by
    /// default) and the endpoint in the environment; returns the exit status and what it printed
    /// (also kept in `output` in the directory, so the secret scans read it).
    func run(
        _ arguments: [String], key: String = EmulatorHarness.key, environment: [String: String] = [:],
        output: String
    ) async throws -> (status: Int32?, output: String) {
        var env = environment
        env[APIConfiguration.apiKeyVariable] = key
        env[APIConfiguration.endpointVariable] = harness.endpoint
        let process = try CLI.start(
            arguments, environment: env, outputPath: directory.file(output), directory: directory.path)
        let status = await process.wait()
        return (status, process.output)
    }

    /// The sources of an account, one comparable line each (id optional), sorted: name, type,
    /// and every credential (secrets as the API shows them: `****`, `secret_token` in clear).
    static func lines(_ sources: [Source], withID: Bool = false) -> [String] {
        sources.map { source in
            let credentials = source.credentials.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return (withID ? (source.id ?? "-") + "|" : "") + "\(source.name)|\(source.type)|"
                + credentials.joined(separator: ",")
        }.sorted()
    }

    /// Imports `sources` into the first account (engine, real socket) and returns the account.
    func seed(_ sources: [Source], name: String) async throws -> [Source] {
        let records = sources.enumerated().map { Fixtures.record($0.element, line: $0.offset + 2) }
        _ = try await harness.importing(records, name)
        return try await harness.account()
    }

    /// Every file in the directory, for the secret scans (names → text).
    func files() throws -> [String: String] { try harness.writtenFiles() }
}

/// Sources with provider secrets of several types, for restore tests.
enum RestoreFixtures {
    static let secretPrefix = "Restore-Provider-Secret-"

    static func sources() -> [Source] {
        [
            Fixtures.s3("shop-images", bucket: "acme-shop", secret: secretPrefix + "s3"),
            Source(
                name: "press-kit", type: "gcs",
                credentials: Credentials([
                    ("access_key", "GOOGEXAMPLE"), ("secret", secretPrefix + "gcs"), ("bucket", "acme-press"),
                    ("require_token", "true"),
                ])),
            Source(
                name: "support-files", type: "azure",
                credentials: Credentials([
                    ("account_name", "acme"), ("service_type", "file-share"), ("share_name", "support"),
                    ("sas_token", "?sv=" + secretPrefix + "sas"),
                ])),
            Fixtures.url("legacy-site", url: "https://legacy.example.com/images/"),
            Fixtures.url("cdn-origin", url: "https://origin.example.com/"),
        ]
    }

    /// A secrets file (YAML) giving every provider secret through `${…}` variables.
    static let secretsYAML = """
        # provider secrets for the restore, from the environment
        shop-images:
          secret_access_key: ${T_S3}
        press-kit: {secret: "${T_GCS}"}
        support-files:
          sas_token: "?sv=${T_SAS}"
        """

    /// The environment the secrets file reads.
    static let environment = [
        "T_S3": secretPrefix + "s3", "T_GCS": secretPrefix + "gcs", "T_SAS": secretPrefix + "sas",
    ]
}
