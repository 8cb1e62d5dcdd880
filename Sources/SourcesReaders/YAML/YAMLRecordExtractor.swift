import SourcesCore

/// Turns one YAML item (a mapping) into a ``RawRecord``: top-level scalars as fields,
/// `credentials:`/`credential_attributes:` mappings as prefixed fields, merge keys
/// (`<<: *a`, `<<: [*a, *b]`) resolved; anything of the wrong shape becomes an
/// `unexpected-value` diagnostic.
struct YAMLRecordExtractor {
    /// The input's display name.
    let file: String
    /// Where shape problems go.
    let diagnostics: any DiagnosticCollector
    private var keys = CredentialKeys()

    init(file: String, diagnostics: any DiagnosticCollector) {
        self.file = file
        self.diagnostics = diagnostics
    }

    /// The record for node `root` of `tree`, or nil (with a diagnostic) when it is not a mapping.
    mutating func record(from tree: YAMLTree, root: Int, index: Int) -> RawRecord? {
        let node = tree.nodes[root]
        guard node.kind == .mapping else {
            report(
                "item \(index) is \(Self.describe(node)), not a source; write each source as a mapping of "
                    + "`key: value` lines (source, source_type, credentials…)", tree, root, index, field: nil)
            return nil
        }
        var fields: [RawField] = []
        fields.reserveCapacity(Int(node.childCount / 2) + 4)
        forEachPair(of: root, in: tree, index: index, depth: 0) { key, value in
            let name = tree.nodes[key].value
            let valueNode = tree.nodes[value]
            switch valueNode.kind {
            case .scalar:
                if !valueNode.isNull {
                    fields.append(
                        RawField(key: name, value: valueNode.value, location: tree.location(of: value, file: file)))
                }
            case .mapping where CredentialKeys.isContainer(name):
                forEachPair(of: value, in: tree, index: index, depth: 0) { innerKey, innerValue in
                    let innerName = tree.nodes[innerKey].value
                    let inner = tree.nodes[innerValue]
                    guard inner.kind == .scalar else {
                        report(
                            "'\(name).\(innerName)' holds \(Self.describe(inner)), but a credential must be a "
                                + "single value; write it as `\(innerName): value`", tree, innerValue, index,
                            field: "\(name).\(innerName)")
                        return
                    }
                    if !inner.isNull {
                        fields.append(
                            RawField(
                                key: keys.prefixed(name, innerName), value: inner.value,
                                location: tree.location(of: innerValue, file: file)))
                    }
                }
            default:
                report(
                    "'\(name)' holds \(Self.describe(valueNode)), but only `credentials` or "
                        + "`credential_attributes` may hold a mapping; write a single value", tree, value, index,
                    field: name)
            }
        }
        return RawRecord(
            fields: fields, origin: RecordOrigin(location: tree.location(of: root, file: file), index: index))
    }

    /// Calls `body` with each key/value pair of mapping `mapping`, merge keys resolved
    /// (keys written in the mapping win over merged ones; earlier merged mappings win
    /// over later ones). Keys that are not scalars are reported and skipped.
    private func forEachPair(
        of mapping: Int, in tree: YAMLTree, index: Int, depth: Int, _ body: (Int, Int) -> Void
    ) {
        var hasMerge = false
        tree.forEachPair(of: mapping) { key, _ in
            if Self.isMergeKey(tree.nodes[key]) { hasMerge = true }
        }
        guard hasMerge else {
            tree.forEachPair(of: mapping) { key, value in
                if checkKey(key, tree, index) { body(key, value) }
            }
            return
        }
        var written = Set<String>()
        tree.forEachPair(of: mapping) { key, _ in
            let node = tree.nodes[key]
            if node.kind == .scalar, !Self.isMergeKey(node) { written.insert(node.value) }
        }
        var merged = Set<String>()
        tree.forEachPair(of: mapping) { key, value in
            guard Self.isMergeKey(tree.nodes[key]) else {
                if checkKey(key, tree, index) { body(key, value) }
                return
            }
            let sources = tree.nodes[value].kind == .sequence ? tree.children(of: value) : [value]
            for source in sources {
                guard tree.nodes[source].kind == .mapping, depth < YAMLTreeBuilder.maximumDepth else {
                    report(
                        "a merge key `<<` must refer to a mapping or a list of mappings, not "
                            + "\(Self.describe(tree.nodes[source])); write `<<: *anchor`", tree, source, index,
                        field: "<<")
                    continue
                }
                forEachPair(of: source, in: tree, index: index, depth: depth + 1) { k, v in
                    let name = tree.nodes[k].value
                    guard !written.contains(name), merged.insert(name).inserted else { return }
                    body(k, v)
                }
            }
        }
    }

    private func checkKey(_ key: Int, _ tree: YAMLTree, _ index: Int) -> Bool {
        guard tree.nodes[key].kind != .scalar else { return true }
        report(
            "a key must be plain text, not \(Self.describe(tree.nodes[key])); write `name: value`", tree, key, index,
            field: nil)
        return false
    }

    private func report(_ message: String, _ tree: YAMLTree, _ node: Int, _ index: Int, field: String?) {
        diagnostics.emit(
            Diagnostic(
                .error, .unexpectedValue, message, location: tree.location(of: node, file: file), record: index,
                field: field))
    }

    private static func isMergeKey(_ node: YAMLNode) -> Bool {
        node.kind == .scalar && node.isPlain && node.value == "<<"
    }

    private static func describe(_ node: YAMLNode) -> String {
        switch node.kind {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar: node.isNull ? "an empty value" : "the single value '\(node.value.prefix(40))'"
        }
    }
}
