import Crypto
public import SourcesCore

/// What a create sent, written down without its values: the names of the fields it sent,
/// and a SHA-256 digest of the type and of every sent value that the API shows back.
///
/// A create whose answer was lost (a timeout, a crash while it was in flight) leaves no id
/// behind. The run's journal and report keep this instead, so that `rollback` and `--resume`
/// can later tell whether the account's source of that name is the one the run sent (every
/// field equal) without the journal holding any value. Provider secrets are left out of the
/// digest, since the API shows them as `****`; everything else, `secret_token` included,
/// is in it (a digest of a 128-bit token reveals nothing).
public struct CreateFingerprint: Sendable, Equatable {
    /// The names of the fields the create sent, in the order sent.
    public var fields: [String]
    /// `sha256:` and the lowercase hex digest.
    public var digest: String

    /// The fingerprint of `fields` and `digest` as a journal or report recorded them.
    public init(fields: [String], digest: String) {
        self.fields = fields
        self.digest = digest
    }

    /// The fingerprint of a create of `intended` (the name is not in it: lookups are by name).
    public init(intended: Source) {
        fields = intended.credentials.keys
        digest = Self.digest(type: intended.type, fields: fields) { intended.credentials[$0] } ?? ""
    }

    /// True when `found` holds every value the create sent that the API shows back: the type
    /// and each compared field (a field missing from `found` is a difference).
    public func matches(_ found: Source) -> Bool {
        guard !digest.isEmpty else { return false }
        return Self.digest(type: found.type, fields: fields) { found.credentials[$0] } == digest
    }

    /// The digest of `type` and the values of `fields` that the API does not redact, read
    /// through `value`; nil when one of them is missing.
    private static func digest(type: String, fields: [String], value: (String) -> String?) -> String? {
        var hasher = SHA256()
        func feed(_ text: String) {
            hasher.update(data: Array(text.utf8))
            hasher.update(data: [0])  // a separator no value holds, so "ab"+"c" ≠ "a"+"bc"
        }
        feed(type)
        for field in fields.sorted() where !SecretAttributes.redactedByAPI.contains(field) {
            guard let text = value(field) else { return nil }
            feed(field)
            feed(text)
        }
        return "sha256:"
            + hasher.finalize().map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
    }
}
