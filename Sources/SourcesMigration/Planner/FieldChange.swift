import SourcesCore

/// One field of an existing source that the import changes, or a secret it cannot compare.
///
/// A change to a sensitive field (``SecretAttributes/sensitive``) never carries
/// its values: ``from`` and ``to`` are nil and ``isSecret`` is true.
public struct FieldChange: Sendable, Equatable {
    /// The field: a credential name (`bucket`).
    public var field: String
    /// The account's value; nil when the field is unset or secret.
    public var from: String?
    /// The input's value; nil when secret.
    public var to: String?
    /// True for a sensitive field, whose values are never shown.
    public var isSecret: Bool
    /// True when the account's value could not be compared (the API redacts it).
    public var notCompared: Bool

    /// Creates a change.
    public init(field: String, from: String?, to: String?, isSecret: Bool = false, notCompared: Bool = false) {
        self.field = field
        self.from = isSecret ? nil : from
        self.to = isSecret ? nil : to
        self.isSecret = isSecret
        self.notCompared = notCompared
    }

    /// What the account holds, as shown to people: `"a"`, `(unset)`, `(secret)` or `(secret, not compared)`.
    public var displayFrom: String {
        if notCompared { return "(secret, not compared)" }
        if isSecret { return "(secret)" }
        return from.map(JSONText.quote) ?? "(unset)"
    }

    /// What the import sets, as shown to people: `"b"` or `(secret)`.
    public var displayTo: String {
        if isSecret { return "(secret)" }
        return to.map(JSONText.quote) ?? "(unset)"
    }

    /// `bucket: "a" → "b"`.
    public var formatted: String { "\(field): \(displayFrom) → \(displayTo)" }
}
