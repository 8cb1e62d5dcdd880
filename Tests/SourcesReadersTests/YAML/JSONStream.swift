/// A JSON value for comparing the YAML test suite's `in.json` files; numbers keep their text.
enum JSONValue: Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        default: false
        }
    }
}

/// Parses a stream of JSON documents separated by whitespace (the suite's `in.json`).
struct JSONStream {
    struct Failure: Error { var message: String }

    private let bytes: [UInt8]
    private var at = 0

    init(_ text: [UInt8]) { bytes = text }

    /// Every document in the stream.
    static func parse(_ data: [UInt8]) throws -> [JSONValue] {
        var parser = JSONStream(data)
        var docs: [JSONValue] = []
        parser.skipSpace()
        while parser.at < parser.bytes.count {
            docs.append(try parser.value())
            parser.skipSpace()
        }
        return docs
    }

    private mutating func skipSpace() {
        while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
    }

    private mutating func value() throws -> JSONValue {
        skipSpace()
        guard at < bytes.count else { throw Failure(message: "unexpected end") }
        switch bytes[at] {
        case UInt8(ascii: "{"):
            at += 1
            var members: [(String, JSONValue)] = []
            skipSpace()
            if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
            while true {
                skipSpace()
                guard case .string(let key) = try value() else { throw Failure(message: "key") }
                skipSpace()
                at += 1  // :
                members.append((key, try value()))
                skipSpace()
                let c = bytes[at]
                at += 1
                if c == UInt8(ascii: "}") { return .object(members) }
            }
        case UInt8(ascii: "["):
            at += 1
            var items: [JSONValue] = []
            skipSpace()
            if bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
            while true {
                items.append(try value())
                skipSpace()
                let c = bytes[at]
                at += 1
                if c == UInt8(ascii: "]") { return .array(items) }
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): at += 4; return .bool(true)
        case UInt8(ascii: "f"): at += 5; return .bool(false)
        case UInt8(ascii: "n"): at += 4; return .null
        default:
            let start = at
            while at < bytes.count, "+-0123456789.eE".utf8.contains(bytes[at]) { at += 1 }
            guard at > start else { throw Failure(message: "unexpected byte \(bytes[at]) at \(at)") }
            return .number(String(decoding: bytes[start..<at], as: UTF8.self))
        }
    }

    private mutating func string() throws -> String {
        at += 1
        var out: [UInt8] = []
        var pendingHigh: UInt32?
        while true {
            guard at < bytes.count else { throw Failure(message: "unterminated string") }
            let c = bytes[at]
            at += 1
            if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            guard c == UInt8(ascii: "\\") else { out.append(c); continue }
            let e = bytes[at]
            at += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                let hex = String(decoding: bytes[at..<at + 4], as: UTF8.self)
                at += 4
                guard var code = UInt32(hex, radix: 16) else { throw Failure(message: "bad \\u") }
                if (0xD800..<0xDC00).contains(code) { pendingHigh = code; continue }
                if (0xDC00..<0xE000).contains(code), let high = pendingHigh {
                    code = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                    pendingHigh = nil
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8)
            default: out.append(e)
            }
        }
    }
}
