import ArgumentParser
import SourcesAPI
import SourcesHTTP

/// How to reach the API: shared by every command that talks to it (plan, import, export, restore).
///
/// There is deliberately no flag that takes the key itself: it would show in `ps` and
/// in shell history. The key comes from `IMAGEBOSS_API_KEY` or `--api-key-file`.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The API base URL (default: $IMAGEBOSS_API_URL, else https://api.imageboss.me/v1).")
    var endpoint: String?

    @Option(
        name: .customLong("api-key-file"),
        help: "A file holding only the API key (default: the IMAGEBOSS_API_KEY environment variable).")
    var apiKeyFile: String?

    @Flag(
        name: .customLong("allow-http"),
        help: "Allow a plain http:// endpoint on a host that is not loopback (the key would travel unencrypted).")
    var allowHTTP = false

    /// The resolved settings (endpoint checked, key read).
    func configuration(environment: [String: String]) throws(ConfigurationError) -> APIConfiguration {
        try APIConfiguration.resolve(
            endpoint: endpoint, apiKeyFile: apiKeyFile, allowHTTP: allowHTTP, environment: environment)
    }

    /// The resolved settings; when they cannot be resolved, the problem is printed and the
    /// command exits 2 (nothing was sent).
    func configurationOrExit(environment: [String: String]) throws(ExitCode) -> APIConfiguration {
        do {
            return try configuration(environment: environment)
        } catch {
            throw commandFailure("\(error)", status: .nothingDone)
        }
    }
}
