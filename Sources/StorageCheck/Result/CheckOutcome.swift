public import SourcesCore

/// What one record's check found.
public enum CheckStatus: String, Sendable, CaseIterable, Codable {
    /// The provider accepted the key and the bucket (or container, share, URL) answered.
    case ok
    /// The key, secret, signature or SAS token was refused, or the key may not read the bucket.
    case denied
    /// The bucket, container or share does not exist.
    case noSuchBucket = "no-such-bucket"
    /// The bucket lives in another region than the record says.
    case wrongRegion = "wrong-region"
    /// No answer: the name does not resolve, the connection or TLS failed, or it timed out
    /// (or the provider kept answering 5xx).
    case unreachable
    /// Not asked (the outcome says why).
    case notChecked = "not-checked"

    /// The diagnostic code this status is reported with.
    public var code: DiagnosticCode {
        switch self {
        case .ok: .checkOK
        case .denied: .checkDenied
        case .noSuchBucket: .checkNoSuchBucket
        case .wrongRegion: .checkWrongRegion
        case .unreachable: .checkUnreachable
        case .notChecked: .checkNotChecked
        }
    }

    /// True when the check proved something wrong (exit 1, and `import --check` stops).
    public var isFailure: Bool {
        switch self {
        case .ok, .notChecked: false
        case .denied, .noSuchBucket, .wrongRegion, .unreachable: true
        }
    }
}

/// The verdict on one record, in words a user can act on. Every text in it has been through
/// ``SecretRedactor``: it may be printed as it is.
public struct CheckOutcome: Sendable, Equatable {
    /// The verdict.
    public var status: CheckStatus
    /// What happened (`Amazon S3 refused the secret (SignatureDoesNotMatch)`).
    public var message: String
    /// What to do about it (`check secret_access_key`); empty for `ok`.
    public var hint: String
    /// The record's field the problem is about (the diagnostic points at where it was written).
    public var field: String?
    /// For `wrong-region`: the region the provider named, when it named one.
    public var suggestedRegion: String?

    public init(
        _ status: CheckStatus, _ message: String, hint: String = "", field: String? = nil,
        suggestedRegion: String? = nil
    ) {
        self.status = status
        self.message = message
        self.hint = hint
        self.field = field
        self.suggestedRegion = suggestedRegion
    }

    /// `message; hint`, as a diagnostic's text.
    public var text: String { hint.isEmpty ? message : "\(message); \(hint)" }
}
