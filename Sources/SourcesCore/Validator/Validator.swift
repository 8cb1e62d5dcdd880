/// The validator stage: checks every record against ``SourceRules`` and across
/// all inputs for repeated names, reporting every problem, not the first.
///
/// It keeps one small entry per name seen (for duplicate detection), so memory
/// grows with the record count only by that.
public final class Validator {
    private let diagnostics: any DiagnosticCollector
    private let names = NameTable()
    private var files: [String] = []
    private var fileIndexes: [String: Int] = [:]
    private var lastFile: (name: String, index: Int)?
    /// Fields no type uses that were reported (once per file): "file\u{0}key".
    private var unknownFieldsReported: Set<String> = []

    /// Creates a validator that reports to `diagnostics`.
    public init(diagnostics: any DiagnosticCollector) {
        self.diagnostics = diagnostics
    }

    /// Checks one record; returns true when it has no error.
    ///
    /// - Parameter nameHash: ``nameHash(_:)`` of the record's name, when already known.
    @discardableResult
    public func validate(_ record: SourceRecord, nameHash: UInt64? = nil) -> Bool {
        let source = record.source
        var ok = true
        let credentials = source.credentials
        // A field no type uses first: the errors its record then reports follow from it.
        let unused = source.sourceType.map { SourceRules.unusedAttributes(type: $0, credentials: credentials) } ?? []
        if source.sourceType == nil {
            for (key, _) in credentials where !FieldRole.knownAttributes.contains(key) {
                reportUnknownField(key, of: record)
            }
        }
        for attribute in unused where !FieldRole.knownAttributes.contains(attribute) {
            reportUnknownField(attribute, of: record)
        }
        let violations = SourceRules.violations(name: source.name, type: source.type, resolved: source.sourceType) {
            credentials[$0]
        }
        for violation in violations {
            ok = false
            diagnostics.emit(
                .about(record, field: violation.field, .error, violation.code, message(for: violation, source)))
        }
        if !source.name.isEmpty {
            ok = checkDuplicate(record, nameHash: nameHash ?? Self.nameHash(source.name)) && ok
        }
        if let type = source.sourceType {
            for attribute in unused where FieldRole.knownAttributes.contains(attribute) {
                diagnostics.emit(
                    .about(
                        record, field: attribute, .warning, .unusedAttribute,
                        "\(type.rawValue) sources do not use '\(attribute)'; it will not be sent"))
            }
        }
        return ok
    }

    /// Reports a field that no source type uses once per file, where it is first
    /// written: it is a misnamed column or key (`Bucket Name`), so the same warning on
    /// every record would only bury the errors it causes.
    private func reportUnknownField(_ key: String, of record: SourceRecord) {
        let location = record.location(of: key)
        guard unknownFieldsReported.insert(location.file + "\u{0}" + key).inserted else { return }
        diagnostics.emit(
            Diagnostic(
                .warning, .unknownField, Self.unknownFieldMessage("'\(key)'", key: key, values: "values"),
                location: location, field: key))
    }

    /// The message of an `unknown-field` warning about `subject` (`'bucket_name'`,
    /// `column 3, 'Bucket Name',`), with a suggestion when one fits.
    public static func unknownFieldMessage(_ subject: String, key: String, values: String) -> String {
        var text = "\(subject) is not a field of any source type, so its \(values) are not sent"
        if let suggestion = FieldSuggestion.suggestion(for: key) { text += "; did you mean '\(suggestion)'?" }
        return text
    }

    /// Notes that the reader reported `key` as a field no type uses in `file` (a CSV
    /// header does, with the column's place), so that it is not reported again.
    public func noteUnknownField(_ key: String, file: String) {
        unknownFieldsReported.insert(file + "\u{0}" + key)
    }

    private func message(for violation: RuleViolation, _ source: Source) -> String {
        switch violation.code {
        case .missingName: return "the record has no source name; add a 'source' (or 'name') field"
        case .invalidName:
            return
                "the name '\(source.name)' is not allowed: use letters, digits, '-' and '_', starting with a letter or digit"
        case .missingType:
            return "the record has no source type; add 'source_type' (one of \(Self.typeNames))"
        case .unknownType:
            return "unknown source_type '\(source.type)'; use one of \(Self.typeNames)"
        case .nameTooLong:
            return "the name is \(source.name.utf8.count) characters long; names are at most "
                + "\(SourceRules.maxNameLength) characters: shorten it"
        case .missingCredential: return violation.message + "; add it"
        default: return violation.message
        }
    }

    /// Every type's API name, for messages: `s3, gcs, dos, r2, akamai, wasabi, azure, url`.
    private static let typeNames = SourceType.allCases.map(\.rawValue).joined(separator: ", ")

    /// The duplicate check alone, for a record a ``RowScreen`` passed (which is then valid
    /// unless its name was seen before): adds `name`, written at `location`, or reports it
    /// as a repeat with the same diagnostic as the full path's, without building the
    /// record, so that a file of a million repeats of one name is checked about as fast
    /// as a valid one.
    ///
    /// - Parameter hash: ``nameHash(utf8:)`` of `name`.
    ///
    /// - Parameter record: The record's index in its input.
    /// - Returns: false when the name was seen before (and is reported).
    public func claimOrReport(name: UnsafeBufferPointer<UInt8>, hash: UInt64, at location: SourceLocation, record: Int)
        -> Bool
    {
        guard let first = names.insert(name, hash: hash, at: pack(location)) else { return true }
        let text = duplicateName(name)
        diagnostics.emit(
            Diagnostic(
                .error, .duplicateName, duplicateMessage(text, first: first), location: location, record: record,
                source: text, field: "source"))
        return false
    }

    private func checkDuplicate(_ record: SourceRecord, nameHash: UInt64) -> Bool {
        let location = record.location(of: "source")
        let here = pack(location)
        if let first = names.insert(record.source.name, hash: nameHash, at: here) {
            diagnostics.emit(
                .about(
                    record, field: "source", .error, .duplicateName, duplicateMessage(record.source.name, first: first))
            )
            return false
        }
        return true
    }

    /// The last duplicate reported: its name, where that was first used, and the message.
    /// Repeats of one name come in runs, and building the message is most of their cost.
    private var lastDuplicate: (name: String, first: PackedLocation, message: String)?

    private func duplicateMessage(_ name: String, first: PackedLocation) -> String {
        if let last = lastDuplicate, last.first == first, last.name == name { return last.message }
        let message = "the name '\(name)' is already used at \(unpack(first)); names must be unique"
        lastDuplicate = (name, first, message)
        return message
    }

    /// `name` as text, the last duplicate's own String when it is the same name.
    private func duplicateName(_ name: UnsafeBufferPointer<UInt8>) -> String {
        if let last = lastDuplicate?.name, last.utf8.elementsEqual(name) { return last }
        return String(decoding: name, as: UTF8.self)
    }

    /// Gets ready to validate the records whose names hash (``nameHash(_:)``) to
    /// `nameHashes`, which come next: looks up where the names would go in the duplicate
    /// table all at once, so that the memory loads overlap instead of waiting for each
    /// other record by record (on a million names, most lookups miss the cache).
    public func prepare(nameHashes: [UInt64]) {
        names.prefetch(nameHashes)
    }

    /// The hash the duplicate check uses for `name`; pure, so another thread can work
    /// it out ahead (``prepare(nameHashes:)``, ``validate(_:nameHash:)``).
    public static func nameHash(_ name: String) -> UInt64 { NameTable.hash(name) }

    /// ``nameHash(_:)`` of a name's UTF-8 bytes.
    public static func nameHash(utf8 name: UnsafeBufferPointer<UInt8>) -> UInt64 { NameTable.hash(name) }

    /// Makes room for about `count` more names, so a large input does not rehash the
    /// duplicate table again and again as it grows.
    public func reserveCapacity(_ count: Int) {
        names.reserveCapacity(count)
    }

    private func pack(_ location: SourceLocation) -> PackedLocation {
        let index: Int
        if let last = lastFile, last.name == location.file {
            index = last.index
        } else if let known = fileIndexes[location.file] {
            index = known
        } else {
            index = files.count
            files.append(location.file)
            fileIndexes[location.file] = index
        }
        lastFile = (location.file, index)
        return PackedLocation(
            file: UInt16(truncatingIfNeeded: index), line: UInt32(clamping: location.line),
            column: UInt16(clamping: location.column))
    }

    private func unpack(_ packed: PackedLocation) -> SourceLocation {
        let file = Int(packed.file) < files.count ? files[Int(packed.file)] : "?"
        return SourceLocation(file: file, line: Int(packed.line), column: Int(packed.column))
    }
}

/// A location in 8 bytes, for the duplicate-name table.
struct PackedLocation: Equatable {
    var file: UInt16
    var line: UInt32
    var column: UInt16
}
