import ArgumentParser
import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesMigration

extension IBSources {
    /// `ibsources sign-url`: a signed image URL, as ImageBoss checks it.
    struct SignURL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign-url",
            abstract: "Sign an image path with its source's secret_token and print the full URL.",
            discussion: """
                bossToken is the hex HMAC-SHA256 of the path from its leading slash, query included, keyed with \
                the source's secret_token; it is appended as a query parameter to https://img.imageboss.me<PATH>. \
                The token comes from IMAGEBOSS_SECRET_TOKEN when set; otherwise the account is listed (this needs \
                the API key) and the secret_token of the source named by --source, or by the path's first \
                segment, is used. The token itself is never printed.

                Exit status: 0 printed; 2 usage, or no token for that source; 3 the account cannot be listed.
                """)

        @Argument(help: "The image path, e.g. /mysource/width/500/images/a.jpg (a query string is signed too).")
        var path: String

        @Option(help: "The source whose secret_token signs (default: the path's first segment).")
        var source: String?

        @OptionGroup var connection: ConnectionOptions

        @Option(
            help: "text (the URL) or json ({\"version\": 1, \"type\": \"signed-url\", \"url\", \"path\", \"source\"}).")
        var output: OutputFormat = .text

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            if let token = SigningKeyResolver.fromEnvironment(environment) {
                emit(URLSigner.signedURL(for: path, secretToken: token), source: nil)
                return
            }
            let name: String
            do {
                name = try SigningKeyResolver.sourceName(path: path, source: source)
            } catch {
                throw commandFailure("\(error)", status: .nothingDone)
            }
            let api: APIConfiguration
            do {
                api = try connection.configuration(environment: environment)
            } catch {
                throw commandFailure(
                    "\(error) (or set \(SigningKeyResolver.variable) to sign without the API)", status: .nothingDone)
            }
            let client = SourcesClient(configuration: api, maximumConnections: 1)
            let token: String
            do {
                token = try await SigningKeyResolver.token(
                    of: name, service: client, governor: RateGovernor(maxRate: nil))
            } catch {
                await client.shutdown()
                throw commandFailure("\(error)", status: ExitStatus(error))
            }
            await client.shutdown()
            emit(URLSigner.signedURL(for: path, secretToken: token), source: name)
        }

        /// Prints the signed URL as text or JSON; `source` is nil when the token came from the environment.
        private func emit(_ url: String, source: String?) {
            guard output == .json else { return StandardStreams.out(url + "\n") }
            StandardStreams.out(
                JSONText.object([
                    ("version", String(RunJSON.version)), ("type", "\"signed-url\""), ("url", JSONText.quote(url)),
                    ("path", JSONText.quote(path)), ("source", source.map(JSONText.quote) ?? "null"),
                ]) + "\n")
        }
    }
}
