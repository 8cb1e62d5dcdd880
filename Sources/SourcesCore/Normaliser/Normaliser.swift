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
    /// Every key seen so far, resolved once: inputs repeat the same few keys on every
    /// record, and comparing a key with the one seen at the same place (usually the
    /// very same string) is cheaper than hashing it.
    private var keys: [KeyInfo] = []
    private var keyIndexes: [String: Int] = [:]
    /// A number per canonical field name, for the per-record check of fields given twice.
    private var fieldNumbers: [String: Int] = [:]
    /// The last type names and what they resolved to.
    private var types = TypeNameCache()

    private struct KeyInfo {
        var key: String
        var length: Int
        var role: FieldRole
        var fieldName: String
        var fieldNumber: Int
    }

    /// True when each value that uses `${NAME}` is also kept as written, in
    /// ``SourceRecord/references`` (for `convert`, which writes the references back rather
    /// than the secrets they name); a variable that is not set is then no error: the
    /// reference is what is kept.
    public let keepsVariableReferences: Bool

    /// Creates a normaliser that reads variables from `environment` and reports to `diagnostics`.
    public init(
        environment: [String: String], diagnostics: any DiagnosticCollector, keepsVariableReferences: Bool = false
    ) {
        self.environment = environment
        self.diagnostics = diagnostics
        self.keepsVariableReferences = keepsVariableReferences
    }

    /// Normalises one record, reporting to the collector.
    public func normalise(_ raw: RawRecord) -> SourceRecord {
        var pending: [Diagnostic] = []
        let record = normalise(raw, reportingTo: &pending)
        for diagnostic in pending { diagnostics.emit(diagnostic) }
        return record
    }

    /// Normalises one record, appending its diagnostics to `pending` instead of
    /// reporting them (for a caller that reports them later, in order).
    public func normalise(_ raw: RawRecord, reportingTo pending: inout [Diagnostic]) -> SourceRecord {
        var record = SourceRecord(source: Source.blank, origin: raw.origin)
        let firstNew = pending.count
        record.locations.reserveCapacity(raw.fields.count)
        record.source.credentials.reserveCapacity(raw.fields.count)
        var seen: UInt64 = 0
        var seenBeyond: [Int] = []
        var cursor = 0
        for position in raw.fields.indices {
            let keyIndex = keyIndex(for: raw.fields[position].key, from: &cursor)
            let location = raw.fields[position].location
            let fieldName = keys[keyIndex].fieldName
            if Self.insert(keys[keyIndex].fieldNumber, into: &seen, beyond: &seenBeyond) == false {
                let first = record.locations[fieldName].map { " (first at \($0))" } ?? ""
                pending.append(
                    Diagnostic(
                        .error, .duplicateField,
                        "field '\(fieldName)' is given twice\(first); keep only one of them",
                        location: location, record: raw.origin.index, field: fieldName))
                continue
            }
            record.locations.append(fieldName, location)
            guard
                var value = value(
                    raw.fields[position].value, at: location, fieldName: fieldName, record: raw.origin.index,
                    into: &pending, references: &record.references)
            else { continue }
            switch keys[keyIndex].role {
            case .name: record.source.name = value
            case .type: record.source.setType(value, resolved: types.resolve(value.utf8))
            case .id: record.source.id = value
            case .createdAt: record.source.createdAt = value
            case .updatedAt: record.source.updatedAt = value
            case .credential(let key):
                if key == "require_token" { value = Self.normaliseBoolean(value) ?? value }
                record.source.credentials.appendNew(key, value)
            }
        }
        if pending.count > firstNew, !record.source.name.isEmpty {
            for index in firstNew..<pending.count { pending[index].source = record.source.name }
        }
        return record
    }

    /// Marks field `number` as seen in this record; false when it already was.
    private static func insert(_ number: Int, into seen: inout UInt64, beyond: inout [Int]) -> Bool {
        if number < 64 {
            let bit: UInt64 = 1 << UInt64(number)
            defer { seen |= bit }
            return seen & bit == 0
        }
        if beyond.contains(number) { return false }
        beyond.append(number)
        return true
    }

    /// Where in ``keys`` the resolved `key` is, looked for from `cursor` on (keys come
    /// in the same order record after record, with gaps where a record leaves a field out).
    private func keyIndex(for key: String, from cursor: inout Int) -> Int {
        var index = cursor
        let length = key.utf8.count
        while index < keys.count {
            // The length first: most keys passed over differ in it, and it is stored.
            if keys[index].length == length, keys[index].key == key {
                cursor = index + 1
                return index
            }
            index += 1
        }
        if let known = keyIndexes[key] {
            cursor = known + 1
            return known
        }
        let role = FieldRole.resolve(key)
        let fieldName = role.fieldName
        let number: Int
        if let existing = fieldNumbers[fieldName] {
            number = existing
        } else {
            number = fieldNumbers.count
            fieldNumbers[fieldName] = number
        }
        keyIndexes[key] = keys.count
        keys.append(KeyInfo(key: key, length: key.utf8.count, role: role, fieldName: fieldName, fieldNumber: number))
        cursor = keys.count
        return keys.count - 1
    }

    /// The field's value trimmed and with variables replaced; nil when it ends up empty.
    private func value(
        _ written: String, at location: SourceLocation, fieldName: String, record: Int,
        into pending: inout [Diagnostic], references: inout [String: String]
    ) -> String? {
        var value = written
        if Self.needsTrim(value) {
            value = Self.trimmed(value)
            pending.append(
                Diagnostic(
                    .warning, .trimmedValue,
                    "white space around the value of '\(fieldName)' was removed",
                    location: location, record: record, field: fieldName))
        }
        if Self.containsDollar(value) {
            if keepsVariableReferences { references[fieldName] = value }
            switch VariableExpander.expand(value, environment: environment) {
            case .success(let expanded): value = expanded
            case .failure where keepsVariableReferences: break
            case .failure(let missing):
                pending.append(
                    Diagnostic(
                        .error, .undefinedVariable,
                        "'\(fieldName)' uses ${\(missing.name)}, but the environment variable \(missing.name) is not set; "
                            + "export it, or write $${ for a literal ${",
                        location: location, record: record, field: fieldName))
            }
        }
        return value.isEmpty ? nil : value
    }

    /// True when `value` has a `$` (so it may hold a variable).
    private static func containsDollar(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            for byte in bytes where byte == UInt8(ascii: "$") { return true }
            return false
        }
    }

    /// `true/false/yes/no/1/0` in any case as `"true"`/`"false"`; nil for anything else.
    public static func normaliseBoolean(_ value: String) -> String? {
        if value == "true" || value == "false" { return value }
        switch value.lowercased() {
        case "true", "yes", "1", "on": return "true"
        case "false", "no", "0", "off": return "false"
        default: return nil
        }
    }

    static func needsTrim(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return ASCIIWhitespace.contains(first) || ASCIIWhitespace.contains(last)
        }
    }

    static func trimmed(_ s: String) -> String {
        let u = s.utf8
        guard let start = u.firstIndex(where: { !ASCIIWhitespace.contains($0) }),
            let end = u.lastIndex(where: { !ASCIIWhitespace.contains($0) })
        else { return "" }
        return String(s[start...end])
    }
}
