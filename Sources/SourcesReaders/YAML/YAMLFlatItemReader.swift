import CYAML
import SourcesCore

/// Reads a source written the usual way straight from libyaml's events into a
/// ``RawRecord``, without building a ``YAMLTree``: a mapping of scalar keys to scalar
/// values, and `credentials:`/`credential_attributes:` mappings of the same.
///
/// At the first event outside that shape (an anchor, alias, tag, merge key, list, other
/// nested mapping) it stops and rebuilds the nodes read so far as the
/// ``YAMLTreeBuilder`` would have made them, so the builder and ``YAMLRecordExtractor``
/// take over and the record (and its diagnostics) come out exactly as they would have.
struct YAMLFlatItemReader {
    /// What became of an item.
    enum Outcome {
        /// The item, read in full.
        case record(RawRecord)
        /// Not of the usual shape: `tree` holds the nodes read so far (none when the
        /// item was not even begun) and `open` its collections still open, outermost
        /// first; the parser holds the next event, which is a value when `atValue`
        /// (its key was read) and otherwise a key or a collection's end.
        case generic(open: [Int], atValue: Bool)
        /// Reading a document's top mapping: a `sources` key, which the parser holds;
        /// `preceding` are the envelope's entries before it (for its `version`).
        case sourcesKey(preceding: [RawField])
    }

    /// One node read, kept (without its text) until the item is complete, in case the
    /// tree has to be rebuilt.
    private struct Step {
        enum Kind: UInt8 { case key, value, nullValue, mappingStart, mappingEnd }
        var kind: Kind
        var isPlain: Bool
        var line: Int32
        var column: Int32
        /// Key: its id in the key table; value: its field's index; null value: its index in
        /// ``YAMLTreeBuilder/nullWords``.
        var ref: Int32
    }

    /// The input's display name.
    let file: String
    private var keys = YAMLKeyTable()
    private var steps: [Step] = []
    private var fieldCapacity = 8

    init(file: String) {
        self.file = file
    }

    /// Reads the item whose first event `parser` holds. Nodes read count towards
    /// `builder`'s alias budget. With `topLevel`, the item is a document's top mapping,
    /// which stops at a `sources` key (and whose own node is not counted, as
    /// ``YAMLRecordIterator`` does not count it either).
    mutating func read(
        from parser: YAMLEventParser, index: Int, builder: inout YAMLTreeBuilder, tree: inout YAMLTree,
        topLevel: Bool = false
    ) throws(ReaderError) -> Outcome {
        tree.nodes.removeAll(keepingCapacity: true)
        let start = parser.event.pointee
        guard start.type == YAML_MAPPING_START_EVENT, start.data.mapping_start.anchor == nil else {
            return .generic(open: [], atValue: false)
        }
        let rootNodes = topLevel ? 0 : 1
        let origin = SourceLocation(
            file: file, line: Int(start.start_mark.line) + 1, column: Int(start.start_mark.column) + 1)
        steps.removeAll(keepingCapacity: true)
        keys.startRecord()
        var fields: [RawField] = []
        fields.reserveCapacity(fieldCapacity)
        /// The key id of the credentials mapping being read, if any.
        var container: Int32?
        while true {
            try parser.advance()
            let event = parser.event
            let type = event.pointee.type
            if type == YAML_MAPPING_END_EVENT {
                guard container != nil else { break }
                container = nil
                steps.append(Step(kind: .mappingEnd, isPlain: false, line: 0, column: 0, ref: 0))
                continue
            }
            // A key: a scalar without anchor or tag, and not a merge key.
            guard type == YAML_SCALAR_EVENT else {
                return bail(
                    builder: &builder, tree: &tree, origin: origin, fields: fields, rootNodes: rootNodes, atValue: false
                )
            }
            let key = event.pointee.data.scalar
            let keyPlain = key.style == YAML_PLAIN_SCALAR_STYLE
            guard key.anchor == nil, key.tag == nil, let keyBytes = key.value,
                !(keyPlain && key.length == 2 && keyBytes[0] == 0x3C && keyBytes[1] == 0x3C)
            else {
                return bail(
                    builder: &builder, tree: &tree, origin: origin, fields: fields, rootNodes: rootNodes, atValue: false
                )
            }
            let keyID = keys.intern(keyBytes, count: key.length)
            if topLevel, container == nil, keys.isSources(keyID) {
                builder.countOwnNodes(steps.count - countEnds() + 1)
                return .sourcesKey(preceding: fields)
            }
            steps.append(
                Step(
                    kind: .key, isPlain: keyPlain, line: Int32(clamping: event.pointee.start_mark.line + 1),
                    column: Int32(clamping: event.pointee.start_mark.column + 1), ref: keyID))
            // Its value: a scalar without anchor or tag, or a credentials mapping.
            try parser.advance()
            let mark = event.pointee.start_mark
            let line = Int32(clamping: mark.line + 1), column = Int32(clamping: mark.column + 1)
            switch event.pointee.type {
            case YAML_SCALAR_EVENT:
                let value = event.pointee.data.scalar
                guard value.anchor == nil, value.tag == nil, let valueBytes = value.value else {
                    return bail(
                        builder: &builder, tree: &tree, origin: origin, fields: fields, rootNodes: rootNodes,
                        atValue: true)
                }
                let plain = value.style == YAML_PLAIN_SCALAR_STYLE
                if plain, let word = Self.nullWord(valueBytes, value.length) {
                    steps.append(Step(kind: .nullValue, isPlain: true, line: line, column: column, ref: word))
                    continue
                }
                steps.append(Step(kind: .value, isPlain: plain, line: line, column: column, ref: Int32(fields.count)))
                let text = String(decoding: UnsafeBufferPointer(start: valueBytes, count: value.length), as: UTF8.self)
                let name = container.map { keys.prefixed($0, keyID) } ?? keys.string(keyID)
                fields.append(
                    RawField(
                        key: name, value: text,
                        location: SourceLocation(file: file, line: Int(line), column: Int(column))))
            case YAML_MAPPING_START_EVENT
            where container == nil && event.pointee.data.mapping_start.anchor == nil && keys.isContainer(keyID):
                container = keyID
                steps.append(Step(kind: .mappingStart, isPlain: false, line: line, column: column, ref: 0))
            default:
                return bail(
                    builder: &builder, tree: &tree, origin: origin, fields: fields, rootNodes: rootNodes, atValue: true)
            }
        }
        builder.countOwnNodes(rootNodes + steps.count - countEnds())
        if fields.count > fieldCapacity { fieldCapacity = fields.count }
        return .record(RawRecord(fields: fields, origin: RecordOrigin(location: origin, index: index)))
    }

    /// Mapping ends are steps but not nodes.
    private func countEnds() -> Int {
        var ends = 0
        for step in steps where step.kind == .mappingEnd { ends += 1 }
        return ends
    }

    /// Rebuilds the nodes read so far into `tree` and hands over to the builder.
    private func bail(
        builder: inout YAMLTreeBuilder, tree: inout YAMLTree, origin: SourceLocation, fields: [RawField],
        rootNodes: Int, atValue: Bool
    ) -> Outcome {
        builder.countOwnNodes(rootNodes + steps.count - countEnds())
        tree.nodes.append(
            YAMLNode(
                kind: .mapping, isNull: false, isPlain: false, line: Int32(clamping: origin.line),
                column: Int32(clamping: origin.column), size: 1, childCount: 0, value: ""))
        var open = [0]
        for step in steps {
            let parent = open[open.count - 1]
            switch step.kind {
            case .key, .value, .nullValue:
                let text: String
                switch step.kind {
                case .key: text = keys.string(step.ref)
                case .nullValue: text = YAMLTreeBuilder.nullWords[Int(step.ref)]
                default: text = fields[Int(step.ref)].value
                }
                let isNull = step.kind == .nullValue || (step.isPlain && YAMLTreeBuilder.isNullWord(text))
                tree.nodes[parent].childCount += 1
                tree.nodes.append(
                    YAMLNode(
                        kind: .scalar, isNull: isNull, isPlain: step.isPlain, line: step.line,
                        column: step.column, size: 1, childCount: 0, value: text))
            case .mappingStart:
                tree.nodes[parent].childCount += 1
                tree.nodes.append(
                    YAMLNode(
                        kind: .mapping, isNull: false, isPlain: false, line: step.line, column: step.column, size: 1,
                        childCount: 0, value: ""))
                open.append(tree.nodes.count - 1)
            case .mappingEnd:
                let closed = open.removeLast()
                tree.nodes[closed].size = Int32(clamping: tree.nodes.count - closed)
            }
        }
        return .generic(open: open, atValue: atValue)
    }

    /// The index in ``YAMLTreeBuilder/nullWords`` of the `count` bytes at `bytes`, if they are one.
    @inline(__always)
    private static func nullWord(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int32? {
        guard count <= YAMLTreeBuilder.longestNullWord else { return nil }
        let text = UnsafeBufferPointer(start: bytes, count: count)
        return YAMLTreeBuilder.nullWords.firstIndex { $0.utf8.elementsEqual(text) }.map(Int32.init)
    }
}
