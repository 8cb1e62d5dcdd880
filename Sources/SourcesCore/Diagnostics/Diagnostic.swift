/// How serious a diagnostic is.
public enum Severity: String, Sendable, Codable, Comparable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A problem a run can survive, with where it is: sent to a ``DiagnosticCollector``
/// rather than thrown.
public struct Diagnostic: Sendable, Equatable {
    /// How serious it is.
    public var severity: Severity
    /// A stable code, for scripts and documentation.
    public var code: DiagnosticCode
    /// What is wrong and, where it helps, what to do.
    public var message: String
    /// Where it is.
    public var location: SourceLocation?
    /// The record's index in its input (from 1), when it concerns one record.
    public var record: Int?
    /// The source name of that record, when it has one.
    public var source: String?
    /// The field concerned, when there is one.
    public var field: String?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, _ code: DiagnosticCode, _ message: String, location: SourceLocation? = nil,
        record: Int? = nil, source: String? = nil, field: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.record = record
        self.source = source
        self.field = field
    }

    /// A diagnostic about `field` of `record`, located where that field was written.
    public static func about(
        _ record: SourceRecord, field: String?, _ severity: Severity, _ code: DiagnosticCode, _ message: String
    ) -> Diagnostic {
        let name = record.source.name
        return Diagnostic(
            severity, code, message, location: record.location(of: field), record: record.origin.index,
            source: name.isEmpty ? nil : name, field: field)
    }

    /// Compiler style: `FILE:LINE:COL: error[CODE]: source 'NAME': MESSAGE`.
    public var formatted: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue)[\(code.rawValue)]: "
        if let source { text += "source '\(source)': " } else if let record { text += "record \(record): " }
        return text + message
    }
}
