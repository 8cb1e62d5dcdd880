import Foundation
public import SourcesAPI
import SourcesCore

/// Why `sign-url` has no key to sign with. No message quotes a token.
public enum SigningKeyFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `--source` and the path has no first segment.
    case noSourceName
    /// The account has no source of that name.
    case unknownSource(String)
    /// The source has no `secret_token` (or the API returned it redacted).
    case noToken(String)
    /// The account could not be listed.
    case fetchFailed(String)

    public var description: String {
        switch self {
        case .noSourceName:
            "cannot tell which source signs this path; pass --source NAME, or set \(SigningKeyResolver.variable)"
        case .unknownSource(let name):
            "the account has no source named '\(name)'; pass --source NAME (the path's first segment is the source)"
        case .noToken(let name):
            "source '\(name)' has no readable secret_token in the account; turn URL signing on for it, or set "
                + SigningKeyResolver.variable
        case .fetchFailed(let detail):
            "cannot list the account's sources to find the signing key: \(detail); or set \(SigningKeyResolver.variable)"
        }
    }
}

/// Finds the key `sign-url` signs with: `IMAGEBOSS_SECRET_TOKEN` when set, else the
/// `secret_token` of the source named by `--source` or by the path's first segment, read
/// from the account (one listing, through the governor and retries).
public enum SigningKeyResolver {
    /// The environment variable that gives the token directly.
    public static let variable = "IMAGEBOSS_SECRET_TOKEN"

    /// The token from the environment, when it is set and not empty.
    public static func fromEnvironment(_ environment: [String: String]) -> String? {
        guard let token = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty
        else { return nil }
        return token
    }

    /// The name of the source whose token signs `path`.
    public static func sourceName(path: String, source: String?) throws(SigningKeyFailure) -> String {
        if let source, !source.isEmpty { return source }
        guard let name = URLSigner.sourceName(of: path) else { throw .noSourceName }
        return name
    }

    /// The `secret_token` of the source `name` in `sources`.
    public static func token(of name: String, in sources: [Source]) throws(SigningKeyFailure) -> String {
        guard let source = sources.first(where: { $0.name == name }) else { throw .unknownSource(name) }
        guard let token = source.credentials["secret_token"], !token.isEmpty, !SecretAttributes.isRedacted(token)
        else { throw .noToken(name) }
        return token
    }

    /// Lists the account through `service` and returns the token of the source `name`.
    public static func token(of name: String, service: any SourcesService, governor: RateGovernor)
        async throws(SigningKeyFailure) -> String
    {
        let uploader = Uploader(service: service, governor: governor, settings: UploadSettings(concurrency: 1))
        let sources: [Source]
        do {
            sources = try await uploader.fetchAccount()
        } catch {
            throw .fetchFailed(uploader.control.abortReason.map { "\($0)" } ?? "\(error)")
        }
        return try token(of: name, in: sources)
    }
}
