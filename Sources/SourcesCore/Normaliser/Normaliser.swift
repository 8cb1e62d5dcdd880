/// The normaliser stage: ``RawRecord`` → ``SourceRecord``.
///
/// It maps key aliases and nesting (``FieldRole``), trims values (with a warning),
/// replaces `${NAME}` by the environment variable NAME (`$${` writes a literal `${`;
/// an unset variable is an error), normalises `require_token` to `"true"`/`"false"`,
/// and resolves type aliases (``SourceType/resolve(_:)``). A value of exactly `****`
/// is kept as the API's redaction placeholder.
public final class Normaliser {
    private let environment: [String: String]
    private let diagnostics: any DiagnosticCollector
    private var roles: [String: FieldRole] = [:]
    /// The keys (and roles) of the last record, by position: most inputs repeat the
    /// same keys in the same order, and comparing the same string is cheaper than hashing it.
    private var lastKeys: [(key: String, role: FieldRole)] = []

    /// Creates a normaliser that reads variables from `environment` and reports to `diagnostics`.
    public init(environment: [String: String], diagnostics: any DiagnosticCollector) {
        self.environment = environment
        self.diagnostics = diagnostics
    }

    /// Normalises one record.
    public func normalise(_ raw: RawRecord) -> SourceRecord {
        var record = SourceRecord(source: Source(name: "", type: ""), origin: raw.origin)
        var pending: [Diagnostic] = []
        record.locations.reserveCapacity(raw.fields.count)
        record.source.credentials.reserveCapacity(raw.fields.count)
        for (position, field) in raw.fields.enumerated() {
            let role = role(of: field.key, at: position)
            let fieldName = role.fieldName
            if record.locations.contains(fieldName), let first = record.locations[fieldName] {
                pending.append(
                    Diagnostic(
                        .error, .duplicateField,
                        "field '\(fieldName)' is given twice (first at \(first)); keep only one of them",
                        location: field.location, record: raw.origin.index, field: fieldName))
                continue
            }
            record.locations.append(fieldName, field.location)
            guard var value = value(of: field, fieldName: fieldName, record: raw.origin.index, into: &pending)
            else { continue }
            switch role {
            case .name: record.source.name = value
            case .type:
                record.source.setType(resolving: value)
            case .id: record.source.id = value
            case .createdAt: record.source.createdAt = value
            case .updatedAt: record.source.updatedAt = value
            case .credential(let key):
                if key == "require_token" { value = Self.normaliseBoolean(value) ?? value }
                record.source.credentials.appendNew(key, value)
            }
        }
        let name = record.source.name.isEmpty ? nil : record.source.name
        for var diagnostic in pending {
            diagnostic.source = name
            diagnostics.emit(diagnostic)
        }
        return record
    }

    private func role(of key: String, at position: Int) -> FieldRole {
        if position < lastKeys.count, lastKeys[position].key == key { return lastKeys[position].role }
        let role: FieldRole
        if let cached = roles[key] {
            role = cached
        } else {
            role = FieldRole.resolve(key)
            roles[key] = role
        }
        if position < lastKeys.count {
            lastKeys[position] = (key, role)
        } else if position == lastKeys.count {
            lastKeys.append((key, role))
        }
        return role
    }

    /// The field's value trimmed and with variables replaced; nil when it ends up empty.
    private func value(of field: RawField, fieldName: String, record: Int, into pending: inout [Diagnostic])
        -> String?
    {
        var value = field.value
        if Self.needsTrim(value) {
            value = Self.trimmed(value)
            pending.append(
                Diagnostic(
                    .warning, .trimmedValue,
                    "white space around the value of '\(fieldName)' was removed",
                    location: field.location, record: record, field: fieldName))
        }
        if value.utf8.contains(UInt8(ascii: "$")) {
            switch VariableExpander.expand(value, environment: environment) {
            case .success(let expanded): value = expanded
            case .failure(let missing):
                pending.append(
                    Diagnostic(
                        .error, .undefinedVariable,
                        "'\(fieldName)' uses ${\(missing.name)}, but the environment variable \(missing.name) is not set; "
                            + "export it, or write $${ for a literal ${",
                        location: field.location, record: record, field: fieldName))
            }
        }
        return value.isEmpty ? nil : value
    }

    /// `true/false/yes/no/1/0` in any case as `"true"`/`"false"`; nil for anything else.
    public static func normaliseBoolean(_ value: String) -> String? {
        switch value.lowercased() {
        case "true", "yes", "1", "on": "true"
        case "false", "no", "0", "off": "false"
        default: nil
        }
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }

    static func needsTrim(_ s: String) -> Bool {
        let u = s.utf8
        guard let first = u.first, let last = u.last else { return false }
        return isSpace(first) || isSpace(last)
    }

    static func trimmed(_ s: String) -> String {
        let u = s.utf8
        guard let start = u.firstIndex(where: { !isSpace($0) }), let end = u.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(s[start...end])
    }
}
