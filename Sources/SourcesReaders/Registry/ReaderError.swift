public import SourcesCore

/// An input that cannot be read or parsed any further (the CLI exits 2).
public struct ReaderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable code: `unreadable-input`, `parse-error`, `forbidden-construct`, `limit-exceeded`…
    public var code: DiagnosticCode
    /// What is wrong and what to do.
    public var message: String
    /// Where, when known.
    public var location: SourceLocation?

    /// Creates an error.
    public init(_ code: DiagnosticCode, _ message: String, at location: SourceLocation? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// Wraps an ``InputError``.
    public init(_ error: InputError) {
        self.init(.unreadableInput, error.description)
    }

    /// The error as a diagnostic.
    public var diagnostic: Diagnostic { Diagnostic(.error, code, message, location: location) }

    public var description: String { diagnostic.formatted }
}
