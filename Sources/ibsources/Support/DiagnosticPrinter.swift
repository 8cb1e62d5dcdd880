import SourcesCore

/// Renders diagnostics for people (compiler style) and for scripts (JSON).
enum DiagnosticPrinter {
    /// One line per diagnostic, then the summary line.
    static func text(_ diagnostics: [Diagnostic], records: Int? = nil, valid: Int? = nil) -> String {
        var out = diagnostics.map { line($0) + "\n" }.joined()
        out +=
            summary(
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
        let items = diagnostics.map { jsonItem($0) }
        let list = items.isEmpty ? "[]" : "[\n    " + items.joined(separator: ",\n    ") + "\n  ]"
        return "{\n  \"records\": \(records),\n  \"valid\": \(valid),\n  \"diagnostics\": \(list)\n}\n"
    }

    /// One diagnostic as a JSON object on one line (the items of ``json(records:valid:diagnostics:)``):
    /// `{"severity", "code", "file", "line", "column", "record", "source", "field", "message"}`.
    ///
    /// - Parameter quote: Makes a JSON string literal (``JSONText/quote(_:)``; a caller that
    ///   prints many items may remember the last few, which repeat).
    static func jsonItem(_ d: Diagnostic, quote: (String) -> String = JSONText.quote) -> String {
        var out = ""
        out.reserveCapacity(160 + d.message.utf8.count)
        out += "{\"severity\": \""
        out += d.severity.rawValue
        out += "\", \"code\": \""
        out += d.code.rawValue
        out += "\", \"file\": "
        if let location = d.location {
            out += quote(location.file)
            out += ", \"line\": "
            out += String(location.line)
            out += ", \"column\": "
            out += String(location.column)
        } else {
            out += "null, \"line\": null, \"column\": null"
        }
        out += ", \"record\": "
        out += d.record.map { String($0) } ?? "null"
        out += ", \"source\": "
        out += d.source.map(quote) ?? "null"
        out += ", \"field\": "
        out += d.field.map(quote) ?? "null"
        out += ", \"message\": "
        out += quote(d.message)
        out += "}"
        return out
    }

    private static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
