import Foundation

/// Shortens a listing for people: the errors that a misnamed column or key causes on
/// every record are shown once, then summed up in one note ("and 499 more records …").
///
/// A field that no type uses (`unknown-field`, `Bucket Name`) whose name suggests a known
/// one (`bucket`) makes every record of that file lack the known one: each would report
/// `missing-credential` for `bucket` (or `missing-name`, `missing-type`). The first of
/// them is passed on, the rest of that file are counted, and ``finish()`` (or the next
/// file's first diagnostic) passes on a `repeated` note that says how many were left out.
/// Every other diagnostic goes through as it is, in order. Scripts (JSON output) and
/// `--verbose` get the full listing instead.
public final class DiagnosticCondenser: DiagnosticCollector {
    private struct Group {
        var file: String
        /// The canonical field the consequences concern (`bucket`, `source`, `source_type`).
        var field: String
        /// The unknown field's diagnostic, for the note's place and wording.
        var cause: Diagnostic
        var shown = false
        var hidden = 0
        var hiddenSeverity = Severity.note
    }

    /// What the condenser has seen, behind its lock.
    private struct State {
        var groups: [Group] = []
        var currentFile: String?
        var hiddenCounts: [Severity: Int] = [:]

        /// The diagnostics to pass on for `diagnostic` (none when it is left out).
        mutating func take(_ diagnostic: Diagnostic) -> [Diagnostic] {
            var out: [Diagnostic] = []
            if let file = diagnostic.location?.file, file != currentFile {
                out += takeNotes()
                currentFile = file
            }
            if diagnostic.code == .unknownField, let field = diagnostic.field, let file = diagnostic.location?.file,
                let suggestion = FieldSuggestion.suggestion(for: field)
            {
                groups.append(Group(file: file, field: FieldRole.resolve(suggestion).fieldName, cause: diagnostic))
            }
            if let index = group(of: diagnostic) {
                if groups[index].shown {
                    groups[index].hidden += 1
                    groups[index].hiddenSeverity = max(groups[index].hiddenSeverity, diagnostic.severity)
                    hiddenCounts[diagnostic.severity, default: 0] += 1
                    return out
                }
                groups[index].shown = true
            }
            out.append(diagnostic)
            return out
        }

        /// The group whose consequences `diagnostic` is one of.
        private func group(of diagnostic: Diagnostic) -> Int? {
            guard !groups.isEmpty, DiagnosticCondenser.consequenceCodes.contains(diagnostic.code),
                let field = diagnostic.field, let file = diagnostic.location?.file
            else { return nil }
            return groups.firstIndex { $0.field == field && $0.file == file }
        }

        /// The notes for every group with something left out, leaving no group.
        mutating func takeNotes() -> [Diagnostic] {
            defer { groups.removeAll() }
            return groups.filter { $0.hidden > 0 }.map { group in
                let records = group.hidden == 1 ? "1 more record" : "\(group.hidden) more records"
                return Diagnostic(
                    .note, .repeated,
                    "and \(records) with the same \(group.hiddenSeverity.rawValue) about '\(group.field)', which the "
                        + "unknown field '\(group.cause.field ?? "?")' here probably causes; --verbose lists every one",
                    location: group.cause.location, field: group.field)
            }
        }
    }

    private let next: any DiagnosticCollector
    private let state = Locked(State())

    /// Passes what it keeps on to `next`.
    public init(forwardingTo next: any DiagnosticCollector) {
        self.next = next
    }

    public func emit(_ diagnostic: Diagnostic) {
        let out = state.withLock { $0.take(diagnostic) }
        for item in out { next.emit(item) }
    }

    /// Passes on the notes for what is still left out; call it once the run is over.
    public func finish() {
        let notes = state.withLock { $0.takeNotes() }
        for note in notes { next.emit(note) }
    }

    /// How many diagnostics of `severity` were left out (a listing's totals add them).
    public func hidden(_ severity: Severity) -> Int { state.withLock { $0.hiddenCounts[severity] ?? 0 } }

    /// Condenses a finished list at once (for commands that print after reading).
    public static func condense(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        let store = DiagnosticStore()
        let condenser = DiagnosticCondenser(forwardingTo: store)
        for diagnostic in diagnostics { condenser.emit(diagnostic) }
        condenser.finish()
        return store.diagnostics
    }

    /// The errors a record lacking a field reports.
    fileprivate static let consequenceCodes: [DiagnosticCode] = [.missingCredential, .missingName, .missingType]
}
