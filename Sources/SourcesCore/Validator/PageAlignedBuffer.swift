import Foundation

/// A fixed-size, zero-filled buffer of plain values for large tables that are read at
/// random: on Linux it asks for huge pages, so that looking up a slot in a table of
/// tens of megabytes does not also miss the address-translation cache every time.
final class PageAlignedBuffer<Element: BitwiseCopyable> {
    /// The number of elements.
    let count: Int
    private let base: UnsafeMutablePointer<Element>

    /// `count` elements, each `zero`.
    init(count: Int, zero: Element) {
        self.count = count
        let bytes = max(1, count * MemoryLayout<Element>.stride)
        let alignment = bytes >= Self.hugePage ? Self.hugePage : max(MemoryLayout<Element>.alignment, 16)
        var raw: UnsafeMutableRawPointer?
        if posix_memalign(&raw, alignment, bytes) != 0 { raw = nil }
        // Without the aligned block, plain memory (Swift's allocator is malloc here, so
        // deinit's free() fits both).
        let memory = raw ?? UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
        #if os(Linux)
            if bytes >= Self.hugePage { _ = madvise(memory, bytes, Int32(MADV_HUGEPAGE)) }
        #endif
        base = memory.bindMemory(to: Element.self, capacity: count)
        base.initialize(repeating: zero, count: count)
    }

    deinit { free(base) }

    /// The element at `index` (which must be in `0..<count`).
    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    private static var hugePage: Int { 2 << 20 }
}
