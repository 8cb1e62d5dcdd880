import Foundation
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
final class StreamingJSONDiagnosticPrinter: DiagnosticCollector, @unchecked Sendable {
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void
    private var started = false
    private var items = 0

    init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    func emit(_ diagnostic: Diagnostic) {
        lock.withLock {
            var text = started ? "" : Self.head
            text += items == 0 ? "\n    " : ",\n    "
            text += DiagnosticPrinter.jsonItem(diagnostic, quote: quote)
            write(text)
            started = true
            items += 1
        }
    }

    /// The last strings quoted and their literals: a file's name, and the message and
    /// source of a diagnostic that repeats (a million duplicates of one name), come again
    /// and again.
    private var quoted: [(text: String, literal: String)] = []

    private func quote(_ text: String) -> String {
        if let hit = quoted.first(where: { $0.text == text }) { return hit.literal }
        let literal = JSONText.quote(text)
        if quoted.count == 4 { quoted.removeFirst() }
        quoted.append((text, literal))
        return literal
    }

    /// Closes the array and writes the counts.
    func finish(records: Int, valid: Int) {
        lock.withLock {
            let close = items == 0 ? "]" : "\n  ]"
            write((started ? "" : Self.head) + close + ",\n  \"records\": \(records),\n  \"valid\": \(valid)\n}\n")
            started = true
        }
    }

    private static let head = "{\n  \"diagnostics\": ["
}
