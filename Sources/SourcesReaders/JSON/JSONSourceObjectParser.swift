import SourcesCore

/// Reads the members of one source object into a ``RawRecord``: scalars become
/// fields, a `credentials`/`credential_attributes` object becomes prefixed fields,
/// anything else is reported and skipped.
final class JSONSourceObjectParser {
    /// How deep values may nest before the document is refused.
    static let maxDepth = 256

    private let tokenizer: JSONTokenizer

    init(tokenizer: JSONTokenizer) {
        self.tokenizer = tokenizer
    }

    /// Reads members up to and including the closing `}` (the `{` is already read).
    func readMembers(into record: inout RawRecord, report: (Diagnostic) -> Void) throws(ReaderError) {
        try tokenizer.forEachMember { key, keyAt throws(ReaderError) in
            try readMember(key: key, keyAt: keyAt, into: &record, report: report)
        }
    }

    /// Reads one member's value (the key and colon are already read).
    func readMember(key: String, keyAt: SourceLocation, into record: inout RawRecord, report: (Diagnostic) -> Void)
        throws(ReaderError)
    {
        let (token, at) = try tokenizer.next()
        if let value = token.scalarText {
            if let value { record.fields.append(RawField(key: key, value: value, location: at)) }
            return
        }
        let canonical = FieldRole.canonicalKey(key)
        if token == .beginObject, canonical == "credentials" || canonical == "credential_attributes" {
            let index = record.origin.index
            try tokenizer.forEachMember { inner, innerAt throws(ReaderError) in
                let (valueToken, valueAt) = try tokenizer.next()
                if let value = valueToken.scalarText {
                    if let value {
                        record.fields.append(RawField(key: key + "." + inner, value: value, location: valueAt))
                    }
                } else {
                    report(unexpected("\(key).\(inner)", at: valueAt, record: index))
                    try skipValue(startingWith: valueToken, at: valueAt)
                }
            }
            return
        }
        report(unexpected(key, at: at, record: record.origin.index))
        try skipValue(startingWith: token, at: at)
    }

    private func unexpected(_ key: String, at: SourceLocation, record: Int) -> Diagnostic {
        Diagnostic(
            .error, .unexpectedValue,
            "'\(key)' holds an object or array; only text, numbers and booleans (and a credentials object) are read",
            location: at, record: record, field: key)
    }

    /// Skips one whole value whose first token is `token`.
    func skipValue(startingWith token: JSONToken, at: SourceLocation) throws(ReaderError) {
        var depth = 0
        var current = token
        var location = at
        while true {
            switch current {
            case .beginArray, .beginObject:
                depth += 1
                guard depth <= Self.maxDepth else {
                    throw ReaderError(.limitExceeded, "values nest deeper than \(Self.maxDepth) levels", at: location)
                }
            case .endArray, .endObject: depth -= 1
            case .end: throw ReaderError(.parseError, "the JSON document ends in the middle of a value", at: location)
            default: break
            }
            if depth <= 0 { return }
            (current, location) = try tokenizer.next()
        }
    }
}
