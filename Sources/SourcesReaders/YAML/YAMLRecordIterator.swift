import CYAML
import SourcesCore

/// Streams the sources of a YAML input one record at a time.
///
/// Accepted shapes: a document that is a list of sources; a mapping whose `sources:`
/// key holds that list (other top-level keys are ignored); a document that is one
/// source; and any stream of such documents. Only the current item's nodes (and the
/// document's anchors) are held in memory.
final class YAMLRecordIterator: RawRecordIterator {
    private enum Phase {
        /// Between documents.
        case documents
        /// Inside a list of sources; afterwards continue with the phase given.
        case items(then: Continuation)
        /// Inside an envelope mapping, after its `sources:` entry was found.
        case envelope
        /// Waiting for the end of the document.
        case documentEnd
        case done
    }

    private enum Continuation {
        case envelope, documentEnd
    }

    private let parser: YAMLEventParser
    @exclusivity(unchecked) private var extractor: YAMLRecordExtractor
    @exclusivity(unchecked) private var flat: YAMLFlatItemReader
    @exclusivity(unchecked) private var builder = YAMLTreeBuilder()
    @exclusivity(unchecked) private var tree = YAMLTree()
    @exclusivity(unchecked) private var phase = Phase.documents
    @exclusivity(unchecked) private var index = 0
    @exclusivity(unchecked) private var failure: ReaderError?

    /// Opens `input`; diagnostics about record shapes go to `diagnostics`.
    init(input: InputSource, diagnostics: any DiagnosticCollector) throws(ReaderError) {
        parser = try YAMLEventParser(source: input)
        extractor = YAMLRecordExtractor(file: parser.file, diagnostics: diagnostics)
        flat = YAMLFlatItemReader(file: parser.file)
    }

    func next() throws(ReaderError) -> RawRecord? {
        if let failure { throw failure }
        do {
            return try step()
        } catch {
            failure = error
            throw error
        }
    }

    private func step() throws(ReaderError) -> RawRecord? {
        while true {
            switch phase {
            case .done:
                return nil
            case .documents:
                try parser.advance()
                switch parser.type {
                case YAML_STREAM_START_EVENT:
                    continue
                case YAML_DOCUMENT_START_EVENT:
                    builder.startDocument()
                    try parser.advance()
                    if let record = try documentRoot() { return record }
                default:
                    phase = .done
                    return nil
                }
            case .items(let then):
                try parser.advance()
                if parser.type == YAML_SEQUENCE_END_EVENT {
                    phase = then == .envelope ? .envelope : .documentEnd
                    continue
                }
                if let record = try item() { return record }
            case .envelope:
                try parser.advance()
                if parser.type == YAML_MAPPING_END_EVENT {
                    phase = .documentEnd
                    continue
                }
                tree.nodes.removeAll(keepingCapacity: true)
                let key = try builder.build(from: parser, into: &tree)
                try parser.advance()
                if isSourcesKey(key) {
                    try sourcesValue()
                } else {
                    _ = try builder.build(from: parser, into: &tree)  // ignored, but its anchors count
                }
            case .documentEnd:
                try parser.advance()
                phase = .documents
            }
        }
    }

    /// The parser holds the first event of a document's root node.
    private func documentRoot() throws(ReaderError) -> RawRecord? {
        switch parser.type {
        case YAML_SEQUENCE_START_EVENT:
            phase = .items(then: .documentEnd)
            return nil
        case YAML_MAPPING_START_EVENT:
            return try topMapping()
        default:
            phase = .documentEnd
            tree.nodes.removeAll(keepingCapacity: true)
            let root = try builder.build(from: parser, into: &tree)
            if tree.nodes[root].kind == .scalar, tree.nodes[root].isNull { return nil }  // an empty document
            index += 1
            return extractor.record(from: tree, root: root, index: index)
        }
    }

    /// The parser holds the start of a document's top-level mapping: either one source,
    /// or an envelope whose `sources:` key holds the list. Its entries are kept until
    /// that is known.
    private func topMapping() throws(ReaderError) -> RawRecord? {
        switch try flat.read(from: parser, index: index + 1, builder: &builder, tree: &tree, topLevel: true) {
        case .record(let record):
            phase = .documentEnd
            index += 1
            return record
        case .sourcesKey(let preceding):
            try EnvelopeVersion.check(preceding)
            try parser.advance()
            phase = .envelope
            try sourcesValue()
            return nil
        case .generic(let open, let atValue):
            if open.isEmpty {
                let start = parser.event.pointee.start_mark
                tree.nodes.append(
                    YAMLNode(
                        kind: .mapping, isNull: false, isPlain: false, line: Int32(clamping: start.line + 1),
                        column: Int32(clamping: start.column + 1), size: 1, childCount: 0, value: ""))
                try parser.advance()
            } else if open.count > 1 {
                // Within a credentials mapping: finish it, then go on entry by entry.
                _ = try builder.resume(from: parser, into: &tree, root: 0, openIndexes: open, closingDownTo: 1)
                try parser.advance()
            } else if atValue {
                _ = try builder.build(from: parser, into: &tree)
                tree.nodes[0].childCount += 1
                try parser.advance()
            }
            return try topMappingEntries()
        }
    }

    /// The parser holds the next key of a document's top mapping (or its end), whose
    /// node is `tree`'s first: reads entries until a `sources:` key or the end.
    private func topMappingEntries() throws(ReaderError) -> RawRecord? {
        while true {
            if parser.type == YAML_MAPPING_END_EVENT {
                tree.nodes[0].size = Int32(clamping: tree.nodes.count)
                phase = .documentEnd
                index += 1
                return extractor.record(from: tree, root: 0, index: index)
            }
            let key = try builder.build(from: parser, into: &tree)
            tree.nodes[0].childCount += 1
            try parser.advance()
            if isSourcesKey(key) {
                try EnvelopeVersion.check(scalarEntries(before: key))
                tree.nodes.removeAll(keepingCapacity: true)
                phase = .envelope
                try sourcesValue()
                return nil
            }
            _ = try builder.build(from: parser, into: &tree)
            tree.nodes[0].childCount += 1
            try parser.advance()
        }
    }

    /// The scalar entries of the top mapping (node 0 of `tree`) read before its key `end`.
    private func scalarEntries(before end: Int) -> [RawField] {
        let children = tree.children(of: 0).filter { $0 < end }
        return stride(from: 0, to: children.count - 1, by: 2).compactMap { i in
            let key = tree.nodes[children[i]], value = tree.nodes[children[i + 1]]
            guard key.kind == .scalar, value.kind == .scalar else { return nil }
            return RawField(
                key: key.value, value: value.value, location: tree.location(of: children[i + 1], file: parser.file))
        }
    }

    /// The parser holds the first event of the value of a `sources:` key.
    private func sourcesValue() throws(ReaderError) {
        if parser.type == YAML_SEQUENCE_START_EVENT {
            phase = .items(then: .envelope)
            return
        }
        tree.nodes.removeAll(keepingCapacity: true)
        let value = try builder.build(from: parser, into: &tree)
        let node = tree.nodes[value]
        if node.kind == .scalar, node.isNull { return }  // `sources:` with no list: no records
        extractor.diagnostics.emit(
            Diagnostic(
                .error, .unexpectedValue,
                node.kind == .sequence
                    ? "`sources:` refers to a list through an alias, which is not read; write the list under `sources:`"
                    : "`sources:` must hold a list of sources (lines starting with `- `)",
                location: tree.location(of: value, file: parser.file), field: "sources"))
    }

    /// The parser holds the first event of an item of a list of sources.
    private func item() throws(ReaderError) -> RawRecord? {
        index += 1
        switch try flat.read(from: parser, index: index, builder: &builder, tree: &tree) {
        case .record(let record):
            return record
        case .sourcesKey:
            return nil  // not asked for
        case .generic(let open, _):
            let root =
                open.isEmpty
                ? try builder.build(from: parser, into: &tree)
                : try builder.resume(from: parser, into: &tree, root: 0, openIndexes: open)
            return extractor.record(from: tree, root: root, index: index)
        }
    }

    private func isSourcesKey(_ key: Int) -> Bool {
        let node = tree.nodes[key]
        return node.kind == .scalar && YAMLKeyTable.isSources(node.value)
    }
}
