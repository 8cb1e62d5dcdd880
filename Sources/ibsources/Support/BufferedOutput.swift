import SourcesCore

/// Collects output text and writes it in large pieces: a million diagnostic lines are
/// then a few thousand writes, not a million, and memory holds one piece at most.
final class BufferedOutput: Sendable {
    /// Written out once the buffer holds this many bytes.
    static let threshold = 1 << 16

    private let buffer: Locked<[UInt8]>
    private let sink: @Sendable (String) -> Void

    /// Writes through `sink` (standard output by default).
    init(sink: @escaping @Sendable (String) -> Void = StandardStreams.out) {
        self.sink = sink
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.threshold + 1024)
        buffer = Locked(bytes)
    }

    /// Adds `text`, writing the buffer out when it is full.
    func write(_ text: String) {
        let full: String? = buffer.withLock { buffer in
            buffer.append(contentsOf: text.utf8)
            guard buffer.count >= Self.threshold else { return nil }
            defer { buffer.removeAll(keepingCapacity: true) }
            return String(decoding: buffer, as: UTF8.self)
        }
        if let full { sink(full) }
    }

    /// Writes out what is buffered.
    func flush() {
        let rest: String? = buffer.withLock { buffer in
            guard !buffer.isEmpty else { return nil }
            defer { buffer.removeAll(keepingCapacity: true) }
            return String(decoding: buffer, as: UTF8.self)
        }
        if let rest { sink(rest) }
    }
}
