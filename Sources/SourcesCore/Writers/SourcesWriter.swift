import Foundation

/// What an export says about itself besides its sources.
public struct ExportMetadata: Sendable, Equatable {
    /// When the sources were read from the account (ISO 8601, UTC).
    public var exportedAt: String?
    /// The API endpoint they were read from.
    public var endpoint: String?
    /// True when the values are as an input wrote them, `${NAME}` references kept
    /// (`convert` without `--expand-variables`): then they are written as they are, and
    /// no `${` is protected as `$${`.
    public var keepsVariableReferences: Bool

    /// Creates metadata.
    public init(exportedAt: String? = nil, endpoint: String? = nil, keepsVariableReferences: Bool = false) {
        self.exportedAt = exportedAt
        self.endpoint = endpoint
        self.keepsVariableReferences = keepsVariableReferences
    }

    /// `value` as the writers write it: ``WriterRegistry/protect(_:)``, unless the values
    /// keep their references as written.
    public func protect(_ value: String) -> String {
        keepsVariableReferences ? value : WriterRegistry.protect(value)
    }
}

/// A writer plugin: renders sources in one format, so that the matching reader
/// reads them back to the same records.
///
/// Secrets are written as they are: an export is data for this tool.
public protocol SourcesWriter: Sendable {
    /// The format's name, as `--to` takes it.
    static var formatName: String { get }
    /// Creates the writer.
    init()
    /// Renders `sources` with `metadata`.
    func render(_ sources: [Source], metadata: ExportMetadata) -> String
}

/// The writer plugins.
public enum WriterRegistry {
    /// Every built-in writer.
    public static let builtIn: [any SourcesWriter.Type] = [
        JSONSourcesWriter.self, YAMLSourcesWriter.self, CSVSourcesWriter.self, XMLSourcesWriter.self,
    ]

    /// The writer named `format`, if there is one.
    public static func writer(named format: String) -> (any SourcesWriter)? {
        builtIn.first { $0.formatName == format.lowercased() }.map { $0.init() }
    }

    /// `value` as written to a file this tool reads back: every `${` becomes `$${`, since
    /// the normaliser expands `${NAME}` on input and would otherwise change the value.
    public static func protect(_ value: String) -> String {
        value.contains("${") ? value.replacingOccurrences(of: "${", with: "$${") : value
    }

    /// The envelope's `kind`.
    public static let kind = "imageboss-sources"
    /// The envelope's `version`: readers refuse a newer one (``FormatVersion``).
    public static let version = 1

    /// Checks an envelope's `version`, as written (nil when it has none: version 1).
    public static func checkVersion(_ written: String?) throws(FormatVersion) {
        try FormatVersion.check(written: written, format: "export", supported: version)
    }
}
