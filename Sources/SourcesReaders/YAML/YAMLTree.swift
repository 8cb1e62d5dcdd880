import SourcesCore

/// One node of a ``YAMLTree``: a plain value type, so building a tree allocates no
/// object per node.
struct YAMLNode {
    /// What the node is.
    enum Kind: UInt8 {
        case scalar, sequence, mapping
    }

    /// What the node is.
    var kind: Kind
    /// True for a null scalar: plain `~`, `null`, `Null`, `NULL`, empty, or tagged `!!null`.
    var isNull: Bool
    /// True for a plain (unquoted, untagged) scalar.
    var isPlain: Bool
    /// Where the node starts, 1-based.
    var line: Int32
    var column: Int32
    /// The number of nodes in this node's subtree, itself included.
    var size: Int32
    /// The number of direct children (for a mapping, keys and values both).
    var childCount: Int32
    /// The scalar's text exactly as written (empty for collections).
    var value: String
}

/// A YAML node tree stored in document order (pre-order) in one array.
///
/// A node's first child follows it directly and its next sibling sits `size`
/// places after it, so links are relative and a subtree is a contiguous slice
/// that can be copied as is (which is how aliases are expanded).
struct YAMLTree {
    /// The nodes in document order.
    var nodes: ContiguousArray<YAMLNode> = []

    /// Calls `body` with the indexes of each key and its value in mapping `mapping`,
    /// in document order, without building an array of children.
    @inline(__always)
    func forEachPair(of mapping: Int, _ body: (_ key: Int, _ value: Int) -> Void) {
        var key = mapping + 1
        for _ in 0..<Int(nodes[mapping].childCount) / 2 {
            let value = key + Int(nodes[key].size)
            body(key, value)
            key = value + Int(nodes[value].size)
        }
    }

    /// The indexes of the direct children of node `index`.
    func children(of index: Int) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(Int(nodes[index].childCount))
        var child = index + 1
        for _ in 0..<Int(nodes[index].childCount) {
            result.append(child)
            child += Int(nodes[child].size)
        }
        return result
    }

    /// The location of node `index` in `file`.
    func location(of index: Int, file: String) -> SourceLocation {
        SourceLocation(file: file, line: Int(nodes[index].line), column: Int(nodes[index].column))
    }
}
