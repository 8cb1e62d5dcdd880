import Foundation
import SourcesCore
import SourcesReaders
import Testing

/// Every writer's output reads back to the same records: a property test over
/// generated sources of all eight types, with values that stress each format.
@Suite struct WriterRoundTripTests {
    /// Fragments that break naive writers: delimiters, quotes, line ends, markup,
    /// non-ASCII text, spreadsheet formulas, YAML 1.1 look-alikes and `${`.
    static let fragments = [
        "a,b", "q\"uo\"te", "line\nbreak", "cr\r\nlf", "<&>", "&amp;", "ünïcödé ✓ 日本", "+secretStartsWithPlus",
        "=SUM(A1)", "@cmd", "-minus", "${NOT_A_VAR}", "$${x}", "$", "tab\there", "0777", "no", "1e3", "null", "~",
        "true", "'single'", "#hash", "key: value", "- dash", "[x]", "{y}", "*alias", "&anchor", "!tag", "%pct",
        "back\\slash", "é\u{301}", "👍🏽", "\u{2028}sep", "]]>", "<!--", "plain",
    ]

    static func value(_ rng: inout SplitMix64) -> String {
        let parts = (0..<Int.random(in: 1...3, using: &rng)).map { _ in fragments.randomElement(using: &rng) ?? "" }
        return "v" + parts.joined(separator: Bool.random(using: &rng) ? " " : "") + "z"
    }

    static func sources(count: Int, seed: UInt64) -> [Source] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { i in
            let type = SourceType.allCases[i % SourceType.allCases.count]
            var credentials = Credentials()
            for key in type.requiredAttributes { credentials[key] = value(&rng) }
            if type == .azure {
                let blob = Bool.random(using: &rng)
                credentials["service_type"] = blob ? "blob" : "file-share"
                credentials[blob ? "container_name" : "share_name"] = value(&rng)
            }
            if type == .url { credentials["url"] = "https://img-\(i).example.com/a%20b?x=\(i)&y=<z>" }
            if Bool.random(using: &rng) { credentials["require_token"] = Bool.random(using: &rng) ? "true" : "false" }
            if Bool.random(using: &rng) { credentials["secret_token"] = value(&rng) }
            let withMetadata = i % 3 == 0
            return Source(
                name: "src-\(i)_\(type.rawValue)", type: type.rawValue, credentials: credentials,
                id: withMetadata ? String(format: "%024x", i) : nil,
                createdAt: withMetadata ? "2026-03-05T14:10:00Z" : nil,
                updatedAt: withMetadata ? "2026-03-05T14:10:0\(i % 10)Z" : nil)
        }
    }

    @Test(arguments: WriterRegistry.builtIn.map { $0.formatName }, [UInt64(1), 2, 3])
    func readsBackTheSameRecords(format: String, seed: UInt64) throws {
        let original = Self.sources(count: 120, seed: seed)
        let writer = try #require(WriterRegistry.writer(named: format))
        let text = writer.render(
            original, metadata: ExportMetadata(exportedAt: "2026-11-29T10:00:00Z", endpoint: "http://x"))
        let (loaded, diagnostics) = try loadText(text, format: format)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics.prefix(3).map(\.formatted))")
        let back = loaded.map(\.record.source)
        #expect(back.count == original.count)
        for (a, b) in zip(original, back) where a != b {
            Issue.record("\(format): \(a) read back as \(b)")
            break
        }
        if format != "csv" {
            // CSV columns are the union of all keys; the other formats keep each record's order.
            #expect(back.map(\.credentials.keys) == original.map(\.credentials.keys))
        }
    }

    @Test(arguments: WriterRegistry.builtIn.map { $0.formatName })
    func anEmptyListRoundTrips(format: String) throws {
        let writer = try #require(WriterRegistry.writer(named: format))
        let (loaded, diagnostics) = try loadText(writer.render([], metadata: ExportMetadata()), format: format)
        #expect(loaded.isEmpty)
        #expect(diagnostics.isEmpty)
    }
}
