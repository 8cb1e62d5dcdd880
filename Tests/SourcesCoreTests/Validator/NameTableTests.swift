@testable import SourcesCore
import Testing

/// The duplicate-name table on its own: growth from empty, exact byte comparison
/// behind the hash, and the first location kept.
@Suite struct NameTableTests {
    private func at(_ line: Int) -> PackedLocation { PackedLocation(file: 0, line: UInt32(line), column: 1) }

    @Test func growsFromEmptyAndFindsEveryRepeat() {
        let table = NameTable()
        let names = (0..<50_000).map { "src-\($0)" }
        for (i, name) in names.enumerated() {
            #expect(table.insert(name, hash: NameTable.hash(name), at: at(i + 1)) == nil)
        }
        #expect(table.count == names.count)
        for (i, name) in names.enumerated() where i % 997 == 0 {
            let first = table.insert(name, hash: NameTable.hash(name), at: at(999_999))
            #expect(first?.line == UInt32(i + 1))
        }
        #expect(table.count == names.count)
    }

    @Test func namesThatShareAHashAreStillTold() {
        let table = NameTable()
        // The same hash given for different names: only the bytes can tell them apart.
        #expect(table.insert("alpha", hash: 42, at: at(1)) == nil)
        #expect(table.insert("beta", hash: 42, at: at(2)) == nil)
        #expect(table.insert("alph", hash: 42, at: at(3)) == nil)
        #expect(table.insert("beta", hash: 42, at: at(4))?.line == 2)
        #expect(table.insert("alpha", hash: 42, at: at(5))?.line == 1)
    }

    @Test func comparesBytesExactly() {
        let table = NameTable()
        for (i, name) in ["a", "A", "a-", "a_", "é", "e\u{301}", ""].enumerated() {
            #expect(table.insert(name, hash: NameTable.hash(name), at: at(i + 1)) == nil, "\(name)")
        }
        #expect(table.count == 7)
    }

    @Test func reservingFirstChangesNothingButSpeed() {
        let table = NameTable()
        table.reserveCapacity(10_000)
        for i in 0..<20_000 {
            _ = table.insert("n\(i % 15_000)", hash: NameTable.hash("n\(i % 15_000)"), at: at(i + 1))
        }
        #expect(table.count == 15_000)
        #expect(table.insert("n14999", hash: NameTable.hash("n14999"), at: at(0))?.line == 15_000)
    }
}
