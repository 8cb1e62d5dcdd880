import Foundation

/// Collects output text and writes it in large pieces: a million diagnostic lines are
/// then a few thousand writes, not a million, and memory holds one piece at most.
final class BufferedOutput: @unchecked Sendable {
    /// Written out once the buffer holds this many bytes.
    static let threshold = 1 << 16

    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private let sink: @Sendable (String) -> Void

    /// Writes through `sink` (standard output by default).
    init(sink: @escaping @Sendable (String) -> Void = StandardStreams.out) {
        self.sink = sink
        buffer.reserveCapacity(Self.threshold + 1024)
    }

    /// Adds `text`, writing the buffer out when it is full.
    func write(_ text: String) {
        let full: String? = lock.withLock {
            buffer.append(contentsOf: text.utf8)
            guard buffer.count >= Self.threshold else { return nil }
            defer { buffer.removeAll(keepingCapacity: true) }
            return String(decoding: buffer, as: UTF8.self)
        }
        if let full { sink(full) }
    }

    /// Writes out what is buffered.
    func flush() {
        let rest: String? = lock.withLock {
            guard !buffer.isEmpty else { return nil }
            defer { buffer.removeAll(keepingCapacity: true) }
            return String(decoding: buffer, as: UTF8.self)
        }
        if let rest { sink(rest) }
    }
}
