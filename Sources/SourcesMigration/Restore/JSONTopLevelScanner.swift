import SourcesCore

/// A byte-at-a-time JSON scanner that notes the top-level object's `kind` (a string) and
/// every top-level `count` (an integer), skipping everything nested. Strings and nesting
/// are followed by the core's ``JSONFramer``; the file is parsed strictly when it is read.
struct JSONTopLevelScanner {
    private(set) var kind: String?
    private(set) var counts: [Int] = []
    /// Set when a top-level `count` is not a whole number (`8.5`, `8e1`).
    private(set) var malformed = false
    private var framer = JSONFramer()
    private var text: [UInt8] = []
    /// The last top-level key read, while its `:` and value are awaited.
    private var key: String?
    private var expectingValue = false
    private var digits: [UInt8]?

    mutating func feed(_ byte: UInt8) {
        if !framer.inString, digits != nil {
            if (48...57).contains(byte) {
                digits?.append(byte)
                return
            }
            if [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(byte) { malformed = true }
            finish()
        }
        let depth = framer.depth
        switch framer.feed(byte) {
        case .inString:
            if depth == 1 && text.count < 64 { text.append(byte) }
            return
        case .closeString:
            stringEnded()
            return
        case .openString:
            text.removeAll(keepingCapacity: true)
            return
        case .open:
            expectingValue = false
            return
        case .close:
            return
        case .outside:
            break
        }
        switch byte {
        case UInt8(ascii: ":") where depth == 1:
            expectingValue = true
        case UInt8(ascii: ","):
            if depth == 1 { key = nil }
            expectingValue = false
        case 48...57 where depth == 1 && expectingValue && key == "count":
            digits = [byte]
            expectingValue = false
        case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
            break
        default:
            expectingValue = false
        }
    }

    /// Ends a number being read (at the end of the input, or at the byte after it).
    mutating func finish() {
        guard let read = digits else { return }
        digits = nil
        if let number = Int(String(decoding: read, as: UTF8.self)) { counts.append(number) }
    }

    private mutating func stringEnded() {
        guard framer.depth == 1 else { return }
        let string = String(decoding: text, as: UTF8.self)
        if expectingValue {
            if key == "kind" { kind = string }
            expectingValue = false
        } else {
            key = string
        }
    }
}
