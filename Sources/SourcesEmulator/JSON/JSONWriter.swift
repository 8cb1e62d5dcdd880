/// Writes the emulator's responses as compact JSON, keeping member order.
struct JSONWriter {
    private(set) var text = ""

    init(capacity: Int = 256) { text.reserveCapacity(capacity) }

    mutating func raw(_ fragment: String) { text += fragment }

    /// Appends `value` as a JSON string literal.
    mutating func string(_ value: String) {
        text += "\""
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            text += value
        } else {
            var out: [UInt8] = []
            out.reserveCapacity(value.utf8.count + 16)
            let hex = Array("0123456789abcdef".utf8)
            for byte in value.utf8 {
                switch byte {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, UInt8(ascii: "n")]
                case 0x0D: out += [0x5C, UInt8(ascii: "r")]
                case 0x09: out += [0x5C, UInt8(ascii: "t")]
                case 0..<0x20: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                default: out.append(byte)
                }
            }
            text += String(decoding: out, as: UTF8.self)
        }
        text += "\""
    }

    /// Appends `"key":`.
    mutating func key(_ key: String) {
        string(key)
        text += ":"
    }

    /// `{"errors":[...]}`.
    static func errors(_ messages: [String]) -> String {
        var writer = JSONWriter(capacity: 64)
        writer.raw("{\"errors\":[")
        for (i, message) in messages.enumerated() {
            if i > 0 { writer.raw(",") }
            writer.string(message)
        }
        writer.raw("]}")
        return writer.text
    }
}
