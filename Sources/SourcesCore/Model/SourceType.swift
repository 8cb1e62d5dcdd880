import Foundation

/// The kinds of origin an ImageBoss source can point at, as the Sources API names them.
///
/// Each type knows the credential attributes the API requires for it (the seed's
/// table), so the validator and the emulator share one definition of the rules.
public enum SourceType: String, CaseIterable, Sendable, Codable {
    case s3, gcs, dos, r2, akamai, wasabi, azure, url

    /// Credential attributes the API requires for this type, in the seed's order.
    ///
    /// Azure's conditional `container_name`/`share_name` are not listed here: see
    /// ``conditionalAttributes``.
    public var requiredAttributes: [String] {
        switch self {
        case .s3: ["access_key_id", "secret_access_key", "bucket", "region"]
        case .gcs: ["access_key", "secret", "bucket"]
        case .dos: ["access_key", "secret", "bucket", "region"]
        case .r2: ["access_key", "secret", "bucket"]
        case .akamai: ["access_key", "secret", "bucket", "endpoint"]
        case .wasabi: ["access_key", "secret", "bucket"]
        case .azure: ["account_name", "service_type", "sas_token"]
        case .url: ["url"]
        }
    }

    /// Attributes required only in some configurations (azure's container or share).
    public var conditionalAttributes: [String] {
        self == .azure ? ["container_name", "share_name"] : []
    }

    /// Every attribute the API keeps for this type: required, conditional and optional.
    public var knownAttributes: Set<String> { Set(knownAttributeList) }

    /// ``knownAttributes`` as a list, for a linear scan (cheaper than hashing for a handful).
    public var knownAttributeList: [String] {
        switch self {
        case .s3: Self.s3Known
        case .gcs: Self.gcsKnown
        case .dos: Self.dosKnown
        case .r2: Self.r2Known
        case .akamai: Self.akamaiKnown
        case .wasabi: Self.wasabiKnown
        case .azure: Self.azureKnown
        case .url: Self.urlKnown
        }
    }

    private static func known(_ type: SourceType) -> [String] {
        type.requiredAttributes + type.conditionalAttributes + optionalAttributes
    }
    private static let s3Known = known(.s3)
    private static let gcsKnown = known(.gcs)
    private static let dosKnown = known(.dos)
    private static let r2Known = known(.r2)
    private static let akamaiKnown = known(.akamai)
    private static let wasabiKnown = known(.wasabi)
    private static let azureKnown = known(.azure)
    private static let urlKnown = known(.url)

    /// A human name, for messages.
    public var displayName: String {
        switch self {
        case .s3: "Amazon S3"
        case .gcs: "Google Cloud Storage"
        case .dos: "DigitalOcean Spaces"
        case .r2: "Cloudflare R2"
        case .akamai: "Akamai NetStorage"
        case .wasabi: "Wasabi"
        case .azure: "Azure Storage"
        case .url: "Web Proxy (URL)"
        }
    }

    /// Attributes every type accepts.
    public static let optionalAttributes = ["require_token", "secret_token"]

    /// Type names accepted in input besides the canonical ones (matched case-insensitively).
    ///
    /// | alias | type |
    /// |---|---|
    /// | `aws`, `amazon-s3`, `aws-s3` | `s3` |
    /// | `google`, `google-cloud-storage`, `gcp` | `gcs` |
    /// | `spaces`, `digitalocean`, `do-spaces`, `digitalocean-spaces` | `dos` |
    /// | `cloudflare`, `cloudflare-r2` | `r2` |
    /// | `netstorage`, `akamai-netstorage` | `akamai` |
    /// | `azure-blob`, `azure-storage` | `azure` |
    /// | `web-proxy`, `webproxy`, `proxy`, `http` | `url` |
    public static let aliases: [String: SourceType] = [
        "aws": .s3, "amazon-s3": .s3, "aws-s3": .s3,
        "google": .gcs, "google-cloud-storage": .gcs, "gcp": .gcs,
        "spaces": .dos, "digitalocean": .dos, "do-spaces": .dos, "digitalocean-spaces": .dos,
        "cloudflare": .r2, "cloudflare-r2": .r2,
        "netstorage": .akamai, "akamai-netstorage": .akamai,
        "azure-blob": .azure, "azure-storage": .azure,
        "web-proxy": .url, "webproxy": .url, "proxy": .url, "http": .url,
    ]

    /// Resolves a type name as written by a user: canonical names and ``aliases``,
    /// case-insensitively, with `_` and spaces read as `-`.
    public static func resolve(_ raw: String) -> SourceType? {
        if let exact = SourceType(rawValue: raw) { return exact }
        let key = raw.lowercased().replacingOccurrences(of: "_", with: "-")
            .replacingOccurrences(of: " ", with: "-")
        return SourceType(rawValue: key) ?? aliases[key]
    }
}
