import Foundation
import SourcesCore

/// Reads the completeness marker of an export: the envelope's `count`, which `export` (and
/// `convert`) write into the JSON, YAML and XML envelopes. `restore --prune` compares it with
/// the records it read, so that a truncated or edited export never deletes the sources it
/// lost. A CSV export has no envelope, so no marker.
///
/// It scans the file without building it (a JSON tokenizer that tracks nesting, the top-level
/// lines of YAML, the root element's attributes in XML): memory stays constant whatever the
/// size. Anything it cannot make sure of (two different counts, a count in a document that is
/// not the export envelope, a format without an envelope) is "no marker": the safe answer.
public enum ExportCount {
    /// The `count` of the export envelope in the file at `path`, read as `format` (`json`,
    /// `yaml`, `xml`; by extension when nil), or nil when it has none.
    public static func read(path: String, format: String?) -> Int? {
        let kind = (format ?? URL(fileURLWithPath: path).pathExtension).lowercased()
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let chunks = AnyIterator { () -> Data? in
            guard let data = try? handle.read(upToCount: 1 << 16), !data.isEmpty else { return nil }
            return data
        }
        switch kind {
        case "json": return json(chunks)
        case "yaml", "yml": return yaml(chunks)
        case "xml": return xml(chunks)
        default: return nil
        }
    }

    /// The top-level `count` of a JSON object whose top-level `kind` is the envelope's.
    static func json(_ chunks: some IteratorProtocol<Data>) -> Int? {
        var scanner = JSONTopLevelScanner()
        var chunks = chunks
        while let chunk = chunks.next() {
            for byte in chunk { scanner.feed(byte) }
        }
        scanner.finish()
        guard scanner.kind == WriterRegistry.kind, !scanner.malformed, Set(scanner.counts).count == 1 else {
            return nil
        }
        return scanner.counts.first
    }

    /// `count: N` on a line of its own at the top level of a YAML envelope (`kind: imageboss-sources`).
    static func yaml(_ chunks: some IteratorProtocol<Data>) -> Int? {
        var chunks = chunks
        var pending = Data()
        var counts: Set<Int> = []
        var isEnvelope = false
        func line(_ bytes: Data) {
            guard let text = String(data: bytes, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return }
            let key = text[..<colon]
            var value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if let hash = value.firstIndex(of: "#") { value = value[..<hash].trimmingCharacters(in: .whitespaces) }
            value = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if key == "kind" { isEnvelope = isEnvelope || value == WriterRegistry.kind }
            if key == "count", let number = Int(value), number >= 0 { counts.insert(number) }
        }
        while let chunk = chunks.next() {
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                line(pending[pending.startIndex..<newline].filter { $0 != UInt8(ascii: "\r") })
                pending.removeSubrange(pending.startIndex...newline)
            }
        }
        line(pending)
        return isEnvelope && counts.count == 1 ? counts.first : nil
    }

    /// The `count` attribute of the root `<sources kind="imageboss-sources">` element.
    static func xml(_ chunks: some IteratorProtocol<Data>) -> Int? {
        var chunks = chunks
        var head = Data()
        // The root element starts after the prolog and any comments: within the first 64 KiB.
        while head.count < 1 << 16, let chunk = chunks.next() { head.append(chunk) }
        guard let text = String(data: head.prefix(1 << 16), encoding: .utf8) else { return nil }
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[open...]
            if rest.hasPrefix("<?") || rest.hasPrefix("<!") {
                let end = rest.hasPrefix("<!--") ? rest.range(of: "-->")?.upperBound : rest.firstIndex(of: ">")
                guard let end else { return nil }
                rest = rest[end...]
                continue
            }
            guard let close = rest.firstIndex(of: ">") else { return nil }
            let tag = rest[..<close]
            guard tag.hasPrefix("<sources"), attribute("kind", in: tag) == WriterRegistry.kind else { return nil }
            return attribute("count", in: tag).flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
        }
        return nil
    }

    private static func attribute(_ name: String, in tag: Substring) -> String? {
        for quote in ["\"", "'"] {
            guard let start = tag.range(of: " \(name)=\(quote)") ?? tag.range(of: "\n\(name)=\(quote)"),
                let end = tag[start.upperBound...].firstIndex(of: Character(quote))
            else { continue }
            return String(tag[start.upperBound..<end])
        }
        return nil
    }
}
