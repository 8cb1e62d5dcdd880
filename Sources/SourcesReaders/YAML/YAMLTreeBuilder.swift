import CYAML
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import SourcesCore

/// Turns libyaml events into ``YAMLTree`` nodes, one node (a record, a document) at a
/// time, keeping the anchors of the current document so aliases and merge keys can
/// refer back to them.
///
/// Alias expansion copies the anchored subtree; the copies are counted and bounded
/// (at least ``minimumAliasBudget`` nodes, or 100 times the nodes the document itself
/// wrote), so a "billion laughs" document fails fast instead of eating memory.
struct YAMLTreeBuilder {
    /// Expanded alias nodes allowed however small the document.
    static let minimumAliasBudget = 100_000
    /// Expanded alias nodes allowed per node the document writes.
    static let aliasBudgetPerNode = 100
    /// Deepest nesting accepted.
    static let maximumDepth = 1_000

    private var anchors: [String: ContiguousArray<YAMLNode>] = [:]
    private var ownNodes = 0
    private var expandedNodes = 0
    /// Open collections: index in the tree and anchor name.
    private var open: [(index: Int, anchor: String?)] = []

    /// Forgets the anchors and counts of the previous document.
    mutating func startDocument() {
        anchors.removeAll()
        ownNodes = 0
        expandedNodes = 0
    }

    /// Builds the node whose first event `parser` holds, appending it to `tree`;
    /// returns its index. On return `parser` holds the node's last event.
    ///
    /// - Throws: ``ReaderError`` on a parse error, an unknown alias, or too deep or
    ///   too large an expansion.
    mutating func build(from parser: YAMLEventParser, into tree: inout YAMLTree) throws(ReaderError) -> Int {
        let root = tree.nodes.count
        open.removeAll(keepingCapacity: true)
        try run(from: parser, into: &tree, closingDownTo: 0)
        return root
    }

    /// Finishes a node whose first events are already in `tree` (from index `root`, as
    /// this builder would have made them, without anchors): `openIndexes` are its
    /// collections still open, outermost first, and `parser` holds the next event.
    /// Returns `root`; on return `parser` holds the node's last event. With
    /// `closingDownTo` above 0, stops instead once only that many collections are open.
    mutating func resume(
        from parser: YAMLEventParser, into tree: inout YAMLTree, root: Int, openIndexes: [Int],
        closingDownTo floor: Int = 0
    ) throws(ReaderError) -> Int {
        open.removeAll(keepingCapacity: true)
        for index in openIndexes { open.append((index, nil)) }
        try run(from: parser, into: &tree, closingDownTo: floor)
        return root
    }

    /// Counts nodes read without this builder (by ``YAMLFlatItemReader``) towards the
    /// document's size, on which the alias budget depends.
    mutating func countOwnNodes(_ count: Int) {
        ownNodes += count
    }

    private mutating func run(
        from parser: YAMLEventParser, into tree: inout YAMLTree, closingDownTo floor: Int
    ) throws(ReaderError) {
        while true {
            let event = parser.event.pointee
            let line = Int32(clamping: event.start_mark.line + 1)
            let column = Int32(clamping: event.start_mark.column + 1)
            switch event.type {
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text =
                    scalar.value.map {
                        String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
                    } ?? ""
                let plain = scalar.tag == nil && scalar.style == YAML_PLAIN_SCALAR_STYLE
                var null = plain && Self.isNullWord(text)
                if let tag = scalar.tag, Self.isNullTag(tag) { null = true }
                let node = YAMLNode(
                    kind: .scalar, isNull: null, isPlain: plain, line: line, column: column, size: 1,
                    childCount: 0, value: text)
                attach(node, to: &tree)
                ownNodes += 1
                if let anchor = scalar.anchor { anchors[String(cString: anchor)] = [node] }
            case YAML_ALIAS_EVENT:
                let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                guard let subtree = anchors[name] else {
                    throw ReaderError(
                        .parseError,
                        "the alias '*\(name)' refers to no anchor defined before it in this document; "
                            + "define '&\(name)' on a value above this line",
                        at: parser.location)
                }
                ownNodes += 1
                expandedNodes += subtree.count
                let budget = max(Self.minimumAliasBudget, Self.aliasBudgetPerNode * ownNodes)
                guard expandedNodes <= budget else {
                    throw ReaderError(
                        .limitExceeded,
                        "aliases expand to more than \(budget) nodes (a 'billion laughs' document?); "
                            + "reduce the nesting of aliases", at: parser.location)
                }
                if let parent = open.last { tree.nodes[parent.index].childCount += 1 }
                tree.nodes.append(contentsOf: subtree)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                let node = YAMLNode(
                    kind: isMapping ? .mapping : .sequence, isNull: false, isPlain: false, line: line,
                    column: column, size: 1, childCount: 0, value: "")
                attach(node, to: &tree)
                ownNodes += 1
                guard open.count < Self.maximumDepth else {
                    throw ReaderError(
                        .limitExceeded,
                        "the YAML nests deeper than \(Self.maximumDepth) levels; flatten it", at: parser.location)
                }
                open.append((tree.nodes.count - 1, anchor.map { String(cString: $0) }))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closing = open.popLast() else {
                    throw ReaderError(
                        .parseError, "unexpected end of a collection; check the YAML structure",
                        at: parser.location)
                }
                tree.nodes[closing.index].size = Int32(clamping: tree.nodes.count - closing.index)
                if let anchor = closing.anchor {
                    anchors[anchor] = ContiguousArray(tree.nodes[closing.index...])
                }
            default:
                throw ReaderError(
                    .parseError, "unexpected YAML event where a value was expected; check the YAML structure",
                    at: parser.location)
            }
            if open.count == floor { return }
            try parser.advance()
        }
    }

    @inline(__always)
    private func attach(_ node: YAMLNode, to tree: inout YAMLTree) {
        if let parent = open.last { tree.nodes[parent.index].childCount += 1 }
        tree.nodes.append(node)
    }

    /// True for the plain scalars YAML's core schema reads as null.
    @inline(__always)
    static func isNullWord(_ text: String) -> Bool { nullWords.contains(text) }

    /// The plain scalars YAML's core schema reads as null.
    static let nullWords = ["", "~", "null", "Null", "NULL"]
    /// The longest of ``nullWords``, in bytes.
    static let longestNullWord = nullWords.map(\.utf8.count).max() ?? 0

    private static func isNullTag(_ tag: UnsafePointer<UInt8>) -> Bool {
        strcmp(UnsafeRawPointer(tag).assumingMemoryBound(to: CChar.self), "tag:yaml.org,2002:null") == 0
    }
}
