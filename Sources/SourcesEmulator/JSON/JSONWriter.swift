import SourcesCore

/// Writes the emulator's responses as compact JSON, keeping member order.
struct JSONWriter {
    private(set) var text = ""

    init(capacity: Int = 256) { text.reserveCapacity(capacity) }

    mutating func raw(_ fragment: String) { text += fragment }

    /// Appends `value` as a JSON string literal (escaped as every writer of the tool escapes it).
    mutating func string(_ value: String) { JSONText.appendQuoted(value, to: &text) }

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
