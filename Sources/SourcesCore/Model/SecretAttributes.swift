/// Which credential attributes are provider secrets, and how the API hides them.
public enum SecretAttributes {
    /// Attributes the API redacts in every response.
    public static let redactedByAPI: Set<String> = ["secret_access_key", "secret", "sas_token"]

    /// The placeholder the API returns instead of a provider secret.
    public static let placeholder = "****"

    /// Every attribute whose value must never be printed, logged or reported:
    /// the provider secrets and the URL-signing `secret_token`.
    public static let sensitive: Set<String> = redactedByAPI.union(["secret_token"])

    /// True when `value` is the API's redaction placeholder rather than a secret.
    public static func isRedacted(_ value: String) -> Bool { value == placeholder }
}
