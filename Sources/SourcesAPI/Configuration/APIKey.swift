/// An ImageBoss API key that cannot leak through string interpolation, `print`,
/// `dump`-style debugging or logging: its descriptions are always `****`.
///
/// The raw value is only read where the `imageboss-api-key` header is built.
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The key as the API expects it in the `imageboss-api-key` header.
    public let rawValue: String

    /// Wraps `rawValue`.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// Always `****`.
    public var description: String { "****" }
    /// Always `****`.
    public var debugDescription: String { "APIKey(****)" }
    /// Hides the raw value from `dump` and reflection-based printing.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
