import SourcesCore

/// `validate --output json` as it goes: the object's `diagnostics` array is written
/// item by item as they arrive, and `records` and `valid` come last, once known, so
/// memory stays flat however many diagnostics there are.
///
/// ```
/// {
///   "diagnostics": [
///     {"severity": …},
///     …
///   ],
///   "records": N,
///   "valid": N
/// }
/// ```
final class StreamingJSONDiagnosticPrinter: DiagnosticCollector {
    /// What has been written, behind the lock that also keeps the writes in order.
    private struct State {
        var started = false
        var items = 0
        /// The last strings quoted and their literals: a file's name, and the message and
        /// source of a diagnostic that repeats (a million duplicates of one name), come again
        /// and again.
        var quoted: [(text: String, literal: String)] = []

        mutating func quote(_ text: String) -> String {
            if let hit = quoted.first(where: { $0.text == text }) { return hit.literal }
            let literal = JSONText.quote(text)
            if quoted.count == 4 { quoted.removeFirst() }
            quoted.append((text, literal))
            return literal
        }
    }

    private let state = Locked(State())
    private let write: @Sendable (String) -> Void

    init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    func emit(_ diagnostic: Diagnostic) {
        state.withLock { state in
            var text = state.started ? "" : Self.head
            text += state.items == 0 ? "\n    " : ",\n    "
            text += DiagnosticPrinter.jsonItem(diagnostic) { state.quote($0) }
            write(text)
            state.started = true
            state.items += 1
        }
    }

    /// Closes the array and writes the counts.
    func finish(records: Int, valid: Int) {
        state.withLock { state in
            let close = state.items == 0 ? "]" : "\n  ]"
            write(
                (state.started ? "" : Self.head) + close + ",\n  \"records\": \(records),\n  \"valid\": \(valid)\n}\n")
            state.started = true
        }
    }

    private static let head = "{\n  \"diagnostics\": ["
}
