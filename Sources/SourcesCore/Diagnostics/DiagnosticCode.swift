/// The stable codes of every diagnostic the tool emits.
///
/// Codes never change meaning; new ones are only added.
public enum DiagnosticCode: String, Sendable, Codable, CaseIterable {
    // Input that cannot be read or parsed (exit 2).
    case unreadableInput = "unreadable-input"
    case parseError = "parse-error"
    case unsupportedFormat = "unsupported-format"
    case forbiddenConstruct = "forbidden-construct"
    case limitExceeded = "limit-exceeded"
    /// An input that holds no records (exit 2, unless `--allow-empty`).
    case emptyInput = "empty-input"
    // Record shape problems found by readers.
    case unexpectedValue = "unexpected-value"
    case fieldCount = "field-count"
    case duplicateField = "duplicate-field"
    case emptyHeader = "empty-header"
    case unknownField = "unknown-field"
    // Normaliser.
    case trimmedValue = "trimmed-value"
    case undefinedVariable = "undefined-variable"
    case typeAlias = "type-alias"
    // Validator.
    case missingName = "missing-name"
    case invalidName = "invalid-name"
    case nameTooLong = "name-too-long"
    case duplicateName = "duplicate-name"
    case missingType = "missing-type"
    case unknownType = "unknown-type"
    case missingCredential = "missing-credential"
    case invalidServiceType = "invalid-service-type"
    case invalidURL = "invalid-url"
    case invalidRequireToken = "invalid-require-token"
    case unusedAttribute = "unused-attribute"
    case invalidCredentialValue = "invalid-credential-value"
    // Planner.
    case redactedSecret = "redacted-secret"
    case typeChange = "type-change"
    // Storage check (`ibsources check`): the provider's answer to one read-only request.
    case checkOK = "check-ok"
    case checkDenied = "check-denied"
    case checkNoSuchBucket = "check-no-such-bucket"
    case checkWrongRegion = "check-wrong-region"
    case checkUnreachable = "check-unreachable"
    case checkNotChecked = "check-not-checked"
    // A note that stands for repeated diagnostics left out of a listing.
    case repeated = "repeated"

    /// True for the codes that mean an input cannot be read or parsed (to the end, or
    /// in part): a command that reads it exits 2, as for a usage error.
    public var meansUnreadableInput: Bool {
        switch self {
        case .unreadableInput, .parseError, .unsupportedFormat, .forbiddenConstruct, .limitExceeded: true
        default: false
        }
    }
}
