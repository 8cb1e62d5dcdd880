import SourcesCore

/// Renders diagnostics for people (compiler style) and for scripts (JSON).
enum DiagnosticPrinter {
    /// One line per diagnostic, then the summary line.
    static func text(_ diagnostics: [Diagnostic], records: Int? = nil, valid: Int? = nil) -> String {
        var out = diagnostics.map { line($0) + "\n" }.joined()
        out += summary(
            records: records, valid: valid, errors: diagnostics.filter { $0.severity == .error }.count,
            warnings: diagnostics.filter { $0.severity == .warning }.count) + "\n"
        return out
    }

    /// One diagnostic on one line: a line break or any other control character in it (from an
    /// input's value) is shown escaped, so that an input can neither forge lines nor drive the terminal.
    static func line(_ diagnostic: Diagnostic) -> String {
        ControlCharacters.escaped(diagnostic.formatted)
    }

    /// `N records, M valid: E errors, W warnings`.
    static func summary(records: Int?, valid: Int?, errors: Int, warnings: Int) -> String {
        var parts: [String] = []
        if let records { parts.append(plural(records, "record")) }
        if let valid { parts.append("\(valid) valid") }
        let head = parts.joined(separator: ", ")
        let tail = "\(plural(errors, "error")), \(plural(warnings, "warning"))"
        return head.isEmpty ? tail : head + ": " + tail
    }

    /// `{"records": N, "valid": N, "diagnostics": [...]}`.
    static func json(records: Int, valid: Int, diagnostics: [Diagnostic]) -> String {
        let items = diagnostics.map { d in
            JSONText.object([
                ("severity", JSONText.quote(d.severity.rawValue)),
                ("code", JSONText.quote(d.code.rawValue)),
                ("file", d.location.map { JSONText.quote($0.file) } ?? "null"),
                ("line", d.location.map { String($0.line) } ?? "null"),
                ("column", d.location.map { String($0.column) } ?? "null"),
                ("record", d.record.map(String.init) ?? "null"),
                ("source", d.source.map(JSONText.quote) ?? "null"),
                ("field", d.field.map(JSONText.quote) ?? "null"),
                ("message", JSONText.quote(d.message)),
            ])
        }
        let list = items.isEmpty ? "[]" : "[\n    " + items.joined(separator: ",\n    ") + "\n  ]"
        return "{\n  \"records\": \(records),\n  \"valid\": \(valid),\n  \"diagnostics\": \(list)\n}\n"
    }

    private static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
