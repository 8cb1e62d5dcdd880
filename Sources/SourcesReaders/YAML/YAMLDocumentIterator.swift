import CYAML
import SourcesCore

/// Reads a YAML stream one whole document at a time as a ``YAMLTree`` (aliases
/// expanded, positions kept). The record reader streams items instead; this is the
/// generic view, used to check the parser against the YAML test suite.
final class YAMLDocumentIterator {
    private let parser: YAMLEventParser
    private var builder = YAMLTreeBuilder()
    private var finished = false

    /// Opens `input`.
    init(input: InputSource) throws(ReaderError) {
        parser = try YAMLEventParser(source: input)
    }

    /// The input's display name.
    var file: String { parser.file }

    /// The next document's tree and the index of its root, or nil at the end.
    func next() throws(ReaderError) -> (tree: YAMLTree, root: Int)? {
        guard !finished else { return nil }
        while true {
            try parser.advance()
            switch parser.type {
            case YAML_STREAM_START_EVENT:
                continue
            case YAML_DOCUMENT_START_EVENT:
                builder.startDocument()
                try parser.advance()
                var tree = YAMLTree()
                let root = try builder.build(from: parser, into: &tree)
                try parser.advance()  // the document end
                return (tree, root)
            default:
                finished = true
                return nil
            }
        }
    }
}
