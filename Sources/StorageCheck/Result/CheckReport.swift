public import SourcesCore

/// The checks of a run, as `validate`'s diagnostics (`FILE:LINE:COL: error[check-denied]:
/// source 'NAME': …`) and a count per status.
public struct CheckReport: Sendable {
    /// Every record's check, in input order.
    public var checks: [RecordCheck]

    public init(checks: [RecordCheck]) { self.checks = checks }

    /// One diagnostic per record: a note for `ok` (for `--output json`, so every record has
    /// its line), a warning for `not-checked`, an error for every failure; each located where
    /// the field it is about was written.
    public var diagnostics: [Diagnostic] { checks.map(Self.diagnostic) }

    /// The diagnostic for one record's check.
    public static func diagnostic(_ check: RecordCheck) -> Diagnostic {
        let severity: Severity
        switch check.outcome.status {
        case .ok: severity = .note
        case .notChecked: severity = .warning
        default: severity = .error
        }
        return Diagnostic.about(
            check.record, field: check.outcome.field, severity, check.outcome.status.code, check.outcome.text)
    }

    /// How many records ended with `status`.
    public func count(_ status: CheckStatus) -> Int { checks.lazy.filter { $0.outcome.status == status }.count }

    /// True when some check failed (anything but `ok` and `not-checked`).
    public var hasFailures: Bool { checks.contains { $0.outcome.status.isFailure } }

    /// `12 sources checked: 9 ok, 1 denied, 1 no-such-bucket, 1 not-checked` (statuses with a zero count left out).
    public var summary: String {
        let counts = CheckStatus.allCases.compactMap { status -> String? in
            let n = count(status)
            return n == 0 ? nil : "\(n) \(status.rawValue)"
        }
        let head = "\(checks.count) source\(checks.count == 1 ? "" : "s") checked"
        return counts.isEmpty ? head : head + ": " + counts.joined(separator: ", ")
    }
}
