public import SourcesCore

/// Reads the secrets file `restore` and `rollback` take (`--secrets FILE`): the provider
/// secrets an export cannot hold, by source name.
///
/// ```yaml
/// shop-images:
///   secret_access_key: ${DEMO_S3_SECRET}
/// press-kit:
///   secret: "+gcs..."
/// ```
/// or the same as JSON (`{"shop-images": {"secret_access_key": "..."}}`). Values may use
/// `${NAME}` (`$${` for a literal `${`), expanded with ``VariableExpander``. A top-level `x-…` key
/// whose value nests mappings only holds anchors (`x-keys: {wasabi: &wasabi {secret: …}}`) and is
/// not a source. YAML goes through
/// the YAML reader's own tree builder (anchors and merge keys work); JSON through the JSON
/// reader's tokenizer.
///
/// No error message ever quotes a value.
public enum SecretsFileReader {
    /// Reads `input` (a `.json` file is read as JSON, anything else as YAML, which JSON also is).
    ///
    /// - Returns: The credentials to apply, by source name.
    /// - Throws: ``ReaderError`` when the file cannot be read, is not the documented shape, or
    ///   uses a variable that `environment` does not set.
    public static func read(_ input: InputSource, environment: [String: String]) throws(ReaderError)
        -> [String: Credentials]
    {
        let pairs: [Pair]
        if input.fileExtension == "json" {
            pairs = try jsonPairs(input)
        } else {
            pairs = try yamlPairs(input)
        }
        var secrets: [String: Credentials] = [:]
        for pair in pairs {
            guard !pair.name.isEmpty, !pair.field.isEmpty else {
                throw ReaderError(
                    .unexpectedValue, "a source name or field name is empty; write {SOURCE_NAME: {FIELD: VALUE}}",
                    at: pair.location)
            }
            switch VariableExpander.expand(pair.value, environment: environment) {
            case .success(let value):
                secrets[pair.name, default: Credentials()][pair.field] = value
            case .failure(let missing):
                throw ReaderError(
                    .undefinedVariable,
                    "the secret '\(pair.field)' of '\(pair.name)' uses ${\(missing.name)}, which is not set; "
                        + "export \(missing.name) (or write $${ for a literal ${)",
                    at: pair.location)
            }
        }
        return secrets
    }

    /// One secret as read: the source it belongs to, its field, its value as written and where.
    private typealias Pair = (name: String, field: String, value: String, location: SourceLocation)

    private static func shapeError(_ what: String, at location: SourceLocation?) -> ReaderError {
        ReaderError(
            .unexpectedValue, "\(what); a secrets file maps source names to {FIELD: VALUE} mappings", at: location)
    }

    private static func fieldName(_ raw: String) -> String {
        if case .credential(let name) = FieldRole.resolve(raw) { return name }
        return FieldRole.canonicalKey(raw)
    }

    private static func yamlPairs(_ input: InputSource) throws(ReaderError) -> [Pair] {
        let documents = try YAMLDocumentIterator(input: input)
        var out: [Pair] = []
        var seen: Set<String> = []
        while let (tree, root) = try documents.next() {
            let file = documents.file
            let rootNode = tree.nodes[root]
            if rootNode.kind == .scalar && rootNode.isNull { continue }
            guard rootNode.kind == .mapping else {
                throw shapeError("the document is not a mapping", at: tree.location(of: root, file: file))
            }
            let top = tree.children(of: root)
            for i in stride(from: 0, to: top.count - 1, by: 2) {
                let key = tree.nodes[top[i]]
                let value = top[i + 1]
                guard key.kind == .scalar else {
                    throw shapeError("a source name is not a plain value", at: tree.location(of: top[i], file: file))
                }
                guard seen.insert(key.value).inserted else {
                    throw ReaderError(
                        .duplicateName, "'\(key.value)' is listed twice; give each source's secrets once",
                        at: tree.location(of: top[i], file: file))
                }
                if key.value.hasPrefix("x-") && tree.nodes[value].kind == .mapping
                    && tree.children(of: value).contains(where: { tree.nodes[$0].kind != .scalar })
                {
                    continue  // an `x-` key holding nested mappings only carries anchors for the entries below
                }
                guard tree.nodes[value].kind == .mapping else {
                    throw shapeError(
                        "the secrets of '\(key.value)' are not a mapping", at: tree.location(of: value, file: file))
                }
                // A merge key (`<<: *anchor`) gives defaults; the mapping's own fields win over them.
                var merged: [Pair] = []
                var own: [Pair] = []
                let fields = tree.children(of: value)
                for j in stride(from: 0, to: fields.count - 1, by: 2) {
                    let fieldKey = tree.nodes[fields[j]]
                    if fieldKey.kind == .scalar && fieldKey.value == "<<" && tree.nodes[fields[j + 1]].kind == .mapping
                    {
                        merged += try scalarPairs(of: fields[j + 1], in: tree, source: key.value, file: file)
                        continue
                    }
                    let fieldValue = tree.nodes[fields[j + 1]]
                    guard fieldKey.kind == .scalar, fieldValue.kind == .scalar, !fieldValue.isNull else {
                        throw shapeError(
                            "a secret of '\(key.value)' is not a FIELD: VALUE pair with a value",
                            at: tree.location(of: fields[j], file: file))
                    }
                    own.append(
                        (
                            key.value, fieldName(fieldKey.value), fieldValue.value,
                            tree.location(of: fields[j + 1], file: file)
                        ))
                }
                out += merged + own
            }
        }
        return out
    }

    /// The `FIELD: VALUE` pairs of the mapping at `index` (a merged anchor).
    private static func scalarPairs(of index: Int, in tree: YAMLTree, source: String, file: String)
        throws(ReaderError) -> [Pair]
    {
        let children = tree.children(of: index)
        var out: [Pair] = []
        for j in stride(from: 0, to: children.count - 1, by: 2) {
            let k = tree.nodes[children[j]]
            let v = tree.nodes[children[j + 1]]
            guard k.kind == .scalar, v.kind == .scalar, !v.isNull else {
                throw shapeError(
                    "a merged secret of '\(source)' is not a FIELD: VALUE pair with a value",
                    at: tree.location(of: children[j], file: file))
            }
            out.append((source, fieldName(k.value), v.value, tree.location(of: children[j + 1], file: file)))
        }
        return out
    }

    /// Reads `{SOURCE_NAME: {FIELD: "VALUE"}}` with the JSON reader's tokenizer: streamed,
    /// a byte order mark skipped, and every error at its line and column.
    private static func jsonPairs(_ input: InputSource) throws(ReaderError) -> [Pair] {
        let tokens = try JSONTokenizer(ChunkedInput(input))
        let (top, topAt) = try tokens.next()
        guard top == .beginObject else { throw shapeError("the JSON is not an object", at: topAt) }
        var out: [Pair] = []
        var seen: Set<String> = []
        try tokens.forEachMember { name, nameAt throws(ReaderError) in
            guard seen.insert(name).inserted else {
                throw ReaderError(
                    .duplicateName, "'\(name)' is listed twice; give each source's secrets once", at: nameAt)
            }
            let (fields, fieldsAt) = try tokens.next()
            guard fields == .beginObject else {
                throw shapeError("the secrets of '\(name)' are not an object", at: fieldsAt)
            }
            try tokens.forEachMember { field, _ throws(ReaderError) in
                let (secret, secretAt) = try tokens.next()
                guard case .string(let text) = secret else {
                    throw shapeError("the secret '\(field)' of '\(name)' is not a string", at: secretAt)
                }
                out.append((name, fieldName(field), text, secretAt))
            }
        }
        let (end, endAt) = try tokens.next()
        guard end == .end else {
            throw ReaderError(.parseError, "unexpected content after the end of the JSON document", at: endAt)
        }
        return out
    }
}
