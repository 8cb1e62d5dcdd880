import SourcesCore

/// Makes source ids shaped like the API's: 24 lowercase hex characters (a
/// MongoDB ObjectId: 4 bytes of time, 5 random bytes per process, a 3-byte counter).
final class ObjectIDGenerator: Sendable {
    private let processBytes: [UInt8]
    private let counter: Locked<UInt32>

    init() {
        var rng = SystemRandomNumberGenerator()
        processBytes = (0..<5).map { _ in UInt8.random(in: 0...255, using: &rng) }
        counter = Locked(UInt32.random(in: 0...0xFF_FFFF, using: &rng))
    }

    /// A new id for a source created at `seconds`.
    func next(seconds: Int64) -> String {
        let count = counter.withLock { value -> UInt32 in
            value = (value &+ 1) & 0xFF_FFFF
            return value
        }
        let time = UInt32(truncatingIfNeeded: seconds)
        var bytes: [UInt8] = [UInt8(time >> 24), UInt8(time >> 16 & 0xFF), UInt8(time >> 8 & 0xFF), UInt8(time & 0xFF)]
        bytes += processBytes
        bytes += [UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
        return Hex.encode(bytes)
    }
}

/// Lowercase hex encoding.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `count` random bytes as hex (`secret_token` is 16 bytes, 32 characters).
    ///
    /// Draws 8 bytes at a time: the system generator costs a system call per draw.
    static func random(bytes count: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 8)
        while bytes.count < count {
            let word = rng.next()
            for shift in stride(from: 0, to: 64, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return encode(Array(bytes.prefix(count)))
    }

    /// True when `text` is exactly 24 lowercase hex characters.
    static func isObjectID(_ text: Substring) -> Bool {
        text.utf8.count == 24 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
