import Foundation
public import SourcesCore

/// Builds the one read-only request that checks a record, per provider:
///
/// | type | request | default endpoint | signing region |
/// |---|---|---|---|
/// | s3 | `GET /?list-type=2&max-keys=1` (ListObjectsV2) | `s3.REGION.amazonaws.com` | `region` |
/// | dos | the same | `REGION.digitaloceanspaces.com` | `region` |
/// | wasabi | the same | `s3.REGION.wasabisys.com`, or `s3.wasabisys.com` | `region`, or `us-east-1` |
/// | gcs | the same, with the HMAC key | `storage.googleapis.com` | `auto` |
/// | r2 | the same | `ACCOUNT.r2.cloudflarestorage.com` | `auto` |
/// | akamai | the same | the record's `endpoint` | `region`, the endpoint's region-like first label, `us-east-1` |
/// | azure | List Blobs (or Directories and Files), `maxresults=1`, SAS | `ACCOUNT.blob.core.windows.net` | |
/// | url | `HEAD` of the URL, then a `GET` of its first byte | the record's `url` | |
///
/// The S3 dialect is signed with Signature Version 4; azure's file shares go to
/// `ACCOUNT.file.core.windows.net/SHARE`; a url probe falls back to `GET` when `HEAD` is not allowed.
///
/// Buckets are addressed in the host name (`BUCKET.ENDPOINT`) unless `pathStyle` is set,
/// the endpoint is an IP address, or the bucket name cannot be a host label (dots,
/// capitals), which are addressed in the path (`ENDPOINT/BUCKET`). An endpoint given for
/// azure is used as Azurite lays it out: `ENDPOINT/ACCOUNT/CONTAINER`.
public enum ProbeBuilder {
    /// The probe for `source`, or the outcome when it cannot be checked (or cannot be right).
    public static func plan(for source: Source, settings: CheckSettings) -> ProbePlan {
        guard let type = source.sourceType else {
            return .settled(CheckOutcome(.notChecked, "the type '\(source.type)' is not one this tool knows"))
        }
        switch type {
        case .s3, .dos, .wasabi, .gcs, .r2, .akamai: return s3Plan(type, source, settings)
        case .azure: return azurePlan(source, settings)
        case .url: return urlPlan(source)
        }
    }

    // MARK: S3 dialect

    private static func s3Plan(_ type: SourceType, _ source: Source, _ settings: CheckSettings) -> ProbePlan {
        let credentials = source.credentials
        let keyField = type == .s3 ? "access_key_id" : "access_key"
        let secretField = type == .s3 ? "secret_access_key" : "secret"
        guard let key = credentials[keyField], let secret = credentials[secretField],
            let bucket = credentials["bucket"], !key.isEmpty, !secret.isEmpty, !bucket.isEmpty
        else { return .settled(CheckOutcome(.notChecked, "the record lacks a key, secret or bucket")) }
        if SecretAttributes.isRedacted(secret) {
            return .settled(
                CheckOutcome(
                    .notChecked, "the secret is the API's placeholder '****', not the secret",
                    hint: "give the real \(secretField) (a secrets file or a ${VARIABLE})", field: secretField))
        }
        let region = signingRegion(type, credentials)
        if let region, !isRegionName(region) {
            return .settled(
                CheckOutcome(
                    .wrongRegion, "'\(region)' is not a region name",
                    hint: "set region to the bucket's region (for example eu-west-1)", field: "region"))
        }
        let endpoint: StorageEndpoint
        if let given = settings.endpoints[type] {
            endpoint = given
        } else {
            switch defaultEndpoint(type, credentials, region: region, r2AccountID: settings.r2AccountID) {
            case .endpoint(let found): endpoint = found
            case .settled(let outcome): return .settled(outcome)
            }
        }
        let virtualHosted = !settings.pathStyle && !endpoint.hostIsAddress && isHostLabel(bucket)
        let request = ProbeRequest(
            method: "GET", scheme: endpoint.scheme, host: virtualHosted ? "\(bucket).\(endpoint.host)" : endpoint.host,
            port: endpoint.port,
            path: endpoint.basePath + "/" + (virtualHosted ? "" : AWSPercentEncoding.encode(bucket)),
            query: [.init("list-type", "2"), .init("max-keys", "1")])
        let signingRegion = region ?? "us-east-1"
        return .probe(
            Probe(
                dialect: .s3, request: request,
                signer: .s3(credentials: .init(accessKeyID: key, secretAccessKey: secret), region: signingRegion),
                provider: type.displayName, target: "bucket '\(bucket)'", region: signingRegion, targetField: "bucket",
                keyField: keyField, secretField: secretField, redactor: SecretRedactor(source: source)))
    }

    /// The region a type signs for: nil means "the provider has one global endpoint" (`us-east-1`).
    private static func signingRegion(_ type: SourceType, _ credentials: Credentials) -> String? {
        let given = credentials["region"].flatMap { $0.isEmpty ? nil : $0.lowercased() }
        switch type {
        case .gcs, .r2: return "auto"
        case .akamai:
            if let given { return given }
            let label = credentials["endpoint"].flatMap(StorageEndpoint.init(url:))?.host.split(separator: ".").first
            return label.map(String.init).flatMap { Self.looksLikeRegion($0) ? $0 : nil } ?? "us-east-1"
        default: return given
        }
    }

    private static func defaultEndpoint(
        _ type: SourceType, _ credentials: Credentials, region: String?, r2AccountID: String?
    ) -> EndpointChoice {
        switch type {
        case .s3: return .endpoint(StorageEndpoint(scheme: "https", host: "s3.\(region ?? "us-east-1").amazonaws.com"))
        case .dos:
            return .endpoint(StorageEndpoint(scheme: "https", host: "\(region ?? "nyc3").digitaloceanspaces.com"))
        case .wasabi:
            return .endpoint(
                StorageEndpoint(scheme: "https", host: region.map { "s3.\($0).wasabisys.com" } ?? "s3.wasabisys.com"))
        case .gcs: return .endpoint(StorageEndpoint(scheme: "https", host: "storage.googleapis.com"))
        case .r2:
            guard let id = r2AccountID?.lowercased(), !id.isEmpty else {
                return .settled(
                    CheckOutcome(
                        .notChecked, "R2's endpoint names the Cloudflare account id, which a source does not hold",
                        hint: "pass --r2-account-id ID (or set R2_ACCOUNT_ID) to check R2 buckets"))
            }
            guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                return .settled(
                    CheckOutcome(
                        .notChecked, "the R2 account id is not a Cloudflare account id",
                        hint: "pass the 32 hexadecimal digits of --r2-account-id"))
            }
            return .endpoint(StorageEndpoint(scheme: "https", host: "\(id).r2.cloudflarestorage.com"))
        case .akamai:
            guard let text = credentials["endpoint"], let endpoint = StorageEndpoint(url: text) else {
                return .settled(
                    CheckOutcome(
                        .unreachable, "the endpoint '\(credentials["endpoint"] ?? "")' is not a host name or URL",
                        hint: "set endpoint to the bucket's endpoint (for example us-east-1.linodeobjects.com)",
                        field: "endpoint"))
            }
            return .endpoint(endpoint)
        case .azure, .url: return .settled(CheckOutcome(.notChecked, "not an S3-compatible type"))
        }
    }

    private enum EndpointChoice {
        case endpoint(StorageEndpoint)
        case settled(CheckOutcome)
    }

    // MARK: Azure

    private static func azurePlan(_ source: Source, _ settings: CheckSettings) -> ProbePlan {
        let credentials = source.credentials
        guard let account = credentials["account_name"]?.lowercased(), let token = credentials["sas_token"],
            !account.isEmpty, !token.isEmpty
        else { return .settled(CheckOutcome(.notChecked, "the record lacks account_name or sas_token")) }
        if SecretAttributes.isRedacted(token) {
            return .settled(
                CheckOutcome(
                    .notChecked, "the SAS token is the API's placeholder '****', not the token",
                    hint: "give the real sas_token (a secrets file or a ${VARIABLE})", field: "sas_token"))
        }
        let isShare = credentials["service_type"]?.lowercased() == "file-share"
        let field = isShare ? "share_name" : "container_name"
        guard let name = credentials[field], !name.isEmpty else {
            return .settled(CheckOutcome(.notChecked, "the record lacks \(field)"))
        }
        let listing: [ProbeRequest.QueryItem] = [
            .init("restype", isShare ? "directory" : "container"), .init("comp", "list"), .init("maxresults", "1"),
        ]
        let sas = SASToken.items(token).filter { !listing.map(\.name).contains($0.name) }
        let request: ProbeRequest
        if let endpoint = settings.endpoints[.azure] {
            request = ProbeRequest(
                method: "GET", scheme: endpoint.scheme, host: endpoint.host, port: endpoint.port,
                path: endpoint.basePath + "/" + AWSPercentEncoding.encode(account) + "/"
                    + AWSPercentEncoding.encode(name),
                query: listing + sas)
        } else {
            request = ProbeRequest(
                method: "GET", host: "\(account).\(isShare ? "file" : "blob").core.windows.net",
                path: "/" + AWSPercentEncoding.encode(name), query: listing + sas)
        }
        return .probe(
            Probe(
                dialect: .azure, request: request, provider: SourceType.azure.displayName,
                target: "\(isShare ? "share" : "container") '\(name)' of account '\(account)'", targetField: field,
                secretField: "sas_token", redactor: SecretRedactor(source: source)))
    }

    // MARK: URL

    private static func urlPlan(_ source: Source) -> ProbePlan {
        guard let text = source.credentials["url"], let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            return .settled(
                CheckOutcome(.unreachable, "the url is not an absolute http(s) URL", hint: "fix url", field: "url"))
        }
        // The path and query go out as the record wrote them (a proxy's query is its own business).
        let target =
            (components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath)
            + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        let head = ProbeRequest(method: "HEAD", scheme: scheme, host: host, port: components.port, path: target)
        var get = head
        get.method = "GET"
        get.headers = [.init("Range", "bytes=0-0")]
        return .probe(
            Probe(
                dialect: .url, request: head, fallback: get, provider: SourceType.url.displayName,
                target: "\(scheme)://\(head.authority)", targetField: "url", redactor: SecretRedactor(source: source)))
    }

    // MARK: Names

    /// True when `bucket` can be the first label of a host name (S3's rules for
    /// virtual-hosted addressing: 3 to 63 lowercase letters, digits and hyphens, no dots).
    static func isHostLabel(_ bucket: String) -> Bool {
        let bytes = Array(bucket.utf8)
        guard (3...63).contains(bytes.count), let first = bytes.first, let last = bytes.last,
            first != UInt8(ascii: "-"), last != UInt8(ascii: "-")
        else { return false }
        return bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// Lowercase letters, digits and hyphens: the only characters a region name has.
    static func isRegionName(_ region: String) -> Bool {
        !region.isEmpty && region.utf8.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// `us-east-1`, `eu-central-2`, `ap-south-1`: two letters, a word, a number.
    static func looksLikeRegion(_ label: String) -> Bool {
        let parts = label.split(separator: "-")
        return parts.count == 3 && parts[0].count == 2 && parts[0].allSatisfy(\.isLetter)
            && parts[1].allSatisfy(\.isLetter) && parts[2].allSatisfy(\.isNumber)
    }

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
