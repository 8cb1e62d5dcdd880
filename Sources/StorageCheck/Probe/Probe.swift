/// The one read-only request that checks a record, and what is needed to send it and read
/// its answer.
public struct Probe: Sendable {
    /// Which provider API answers, and so how its answer reads.
    public enum Dialect: Sendable, Equatable {
        /// S3's XML API (S3, Spaces, Wasabi, Cloud Storage, R2, Akamai): `ListObjectsV2`.
        case s3
        /// Azure Storage's REST API with a SAS token: List Blobs or List Directories and Files.
        case azure
        /// A web origin: `HEAD` of the base URL.
        case url
    }

    public var dialect: Dialect
    /// The request, unsigned: ``prepared(at:)`` signs it when it is sent (a retry is signed anew).
    public var request: ProbeRequest
    /// Sent when the server does not allow the first request's method (a `url` probe's
    /// ranged `GET` after a `HEAD` answered 405 or 501).
    public var fallback: ProbeRequest?
    /// Signs S3-dialect requests.
    public var signer: SigV4Signer?
    /// The provider's name, for messages (`Amazon S3`).
    public var provider: String
    /// What is asked about, for messages (`bucket 'photos'`).
    public var target: String
    /// The region the request is signed for, when the dialect has regions.
    public var region: String?
    /// The field that names the place (bucket, container, url), for diagnostics.
    public var targetField: String
    /// The fields that hold the key and the secret, for diagnostics (`access_key_id`, `secret_access_key`).
    public var keyField: String?
    public var secretField: String?
    /// Removes the record's secrets from anything the provider says back.
    public var redactor: SecretRedactor

    public init(
        dialect: Dialect, request: ProbeRequest, fallback: ProbeRequest? = nil, signer: SigV4Signer? = nil,
        provider: String, target: String, region: String? = nil, targetField: String, keyField: String? = nil,
        secretField: String? = nil, redactor: SecretRedactor
    ) {
        self.dialect = dialect
        self.request = request
        self.fallback = fallback
        self.signer = signer
        self.provider = provider
        self.target = target
        self.region = region
        self.targetField = targetField
        self.keyField = keyField
        self.secretField = secretField
        self.redactor = redactor
    }

    /// The host requests are limited by (`host[:port]`).
    public var hostKey: String { request.authority }

    /// `request` ready to send: signed at `date` when the dialect signs.
    public func prepared(_ request: ProbeRequest, at date: SigV4Date) -> ProbeRequest {
        guard let signer else { return request }
        var signed = request
        signer.sign(&signed, at: date)
        return signed
    }
}

/// What to do for one record: send a probe, or report it without asking anyone.
public enum ProbePlan: Sendable {
    case probe(Probe)
    case settled(CheckOutcome)
}
