import ArgumentParser
import SourcesCore
import StorageCheck

/// Where the storage check sends its probes: shared by `check`, `import --check` and
/// `restore --check`.
struct StorageCheckOptions: ParsableArguments {
    @Option(
        name: .customLong("storage-endpoint"),
        help: ArgumentHelp(
            "Send a type's checks to this endpoint instead of the provider's (repeatable).", valueName: "TYPE=URL"))
    var storageEndpoints: [String] = []

    @Flag(name: .customLong("path-style"), help: "Address buckets as ENDPOINT/BUCKET instead of BUCKET.ENDPOINT.")
    var pathStyle = false

    @Option(
        name: .customLong("r2-account-id"),
        help: "The Cloudflare account id R2 buckets are checked under (default: $R2_ACCOUNT_ID).")
    var r2AccountID: String?

    func validate() throws {
        for argument in storageEndpoints {
            if case .failure(let problem) = CheckSettings.parseEndpoint(argument) {
                throw ValidationError("--storage-endpoint: \(problem)")
            }
        }
    }

    /// The probes' addressing, with the R2 account id from the environment when not given.
    func settings(environment: [String: String]) -> CheckSettings {
        var endpoints: [SourceType: StorageEndpoint] = [:]
        for argument in storageEndpoints {
            if case .success(let (type, endpoint)) = CheckSettings.parseEndpoint(argument) {
                endpoints[type] = endpoint
            }
        }
        let accountID = r2AccountID ?? environment["R2_ACCOUNT_ID"]
        return CheckSettings(
            endpoints: endpoints, pathStyle: pathStyle, r2AccountID: accountID?.isEmpty == false ? accountID : nil)
    }
}
