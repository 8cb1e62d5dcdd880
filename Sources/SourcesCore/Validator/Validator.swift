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
        let violations = SourceRules.violations(name: source.name, type: source.type, resolved: source.sourceType) {
            credentials[$0]
        }
        for violation in violations {
            ok = false
            diagnostics.emit(.about(record, field: violation.field, .error, violation.code, message(for: violation, source)))
        }
        if !source.name.isEmpty {
            ok = checkDuplicate(record, nameHash: nameHash ?? Self.nameHash(source.name)) && ok
        }
        if let type = source.sourceType {
            for attribute in SourceRules.unusedAttributes(type: type, credentials: source.credentials) {
                diagnostics.emit(
                    .about(
                        record, field: attribute, .warning, .unusedAttribute,
                        "\(type.rawValue) sources do not use '\(attribute)'; it will not be sent"))
            }
        }
        return ok
    }

    private func message(for violation: RuleViolation, _ source: Source) -> String {
        switch violation.code {
        case .missingName: return "the record has no source name; add a 'source' (or 'name') field"
        case .invalidName:
            return "the name '\(source.name)' is not allowed: use letters, digits, '-' and '_', starting with a letter or digit"
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

    /// The duplicate check alone, for a record a ``RowScreen`` passed (which is then
    /// valid unless its name was seen before): adds `name`, written at `location`.
    ///
    /// - Parameter hash: ``nameHash(utf8:)`` of `name`.
    /// - Returns: false when the name was seen before; nothing is reported then, and the
    ///   caller validates the record in full, which reports it.
    public func claim(name: UnsafeBufferPointer<UInt8>, hash: UInt64, at location: SourceLocation) -> Bool {
        names.insert(name, hash: hash, at: pack(location)) == nil
    }

    private func checkDuplicate(_ record: SourceRecord, nameHash: UInt64) -> Bool {
        let location = record.location(of: "source")
        let here = pack(location)
        if let first = names.insert(record.source.name, hash: nameHash, at: here) {
            diagnostics.emit(
                .about(
                    record, field: "source", .error, .duplicateName,
                    "the name '\(record.source.name)' is already used at \(unpack(first)); names must be unique"))
            return false
        }
        return true
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
struct PackedLocation {
    var file: UInt16
    var line: UInt32
    var column: UInt16
}
