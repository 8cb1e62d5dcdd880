/// One way a source breaks the API's rules, worded as the API words it.
public struct RuleViolation: Sendable, Equatable {
    /// The stable code the validator reports it under.
    public var code: DiagnosticCode
    /// The field concerned: `source`, `source_type`, or a credential name.
    public var field: String
    /// The message, in the API's words (`Credential bucket is required for s3 sources`).
    public var message: String

    /// Creates a violation.
    public init(code: DiagnosticCode, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }
}
