import Foundation
import Testing

@testable import SourcesCore

@Suite struct WriterTests {
    let sources = [
        Source(
            name: "my-images", type: "s3",
            credentials: ["bucket": "my-bucket", "secret_access_key": "+wJalr,\"x\"", "region": "us-east-1"],
            id: "69a99ae507f19000072d0125", createdAt: "2026-03-05T14:10:00Z", updatedAt: "2026-03-05T14:10:00Z"),
        Source(name: "web", type: "url", credentials: ["url": "https://x.example/a?b=1&c=<2>"]),
    ]

    @Test func jsonIsTheExportEnvelopeInTheAPIShape() throws {
        let text = JSONSourcesWriter().render(
            sources,
            metadata: ExportMetadata(exportedAt: "2026-11-29T10:00:00Z", endpoint: "https://api.imageboss.me/v1"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["kind"] as? String == "imageboss-sources")
        #expect(object["version"] as? Int == 1)
        #expect(object["count"] as? Int == 2)
        #expect(object["exported_at"] as? String == "2026-11-29T10:00:00Z")
        let first = try #require((object["sources"] as? [[String: Any]])?.first)
        #expect(first["id"] as? String == "69a99ae507f19000072d0125")
        #expect((first["credentials"] as? [String: String])?["secret_access_key"] == "+wJalr,\"x\"")
        // Key order is kept as the model has it.
        #expect(text.range(of: "\"bucket\"")!.lowerBound < text.range(of: "\"region\"")!.lowerBound)
    }

    @Test func csvQuotesOnlyWhatNeedsQuotingAndNeverEscapesFormulas() {
        let text = CSVSourcesWriter().render(sources, metadata: ExportMetadata())
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "source,source_type,id,created_at,updated_at,bucket,secret_access_key,region,url")
        #expect(lines[1].contains(",\"+wJalr,\"\"x\"\"\","))
        #expect(lines[2] == "web,url,,,,,,,https://x.example/a?b=1&c=<2>")
    }

    @Test func csvPrefixesCredentialColumnsThatCollideWithFieldNames() {
        let text = CSVSourcesWriter().render(
            [Source(name: "a", type: "url", credentials: ["type": "x"])], metadata: ExportMetadata())
        #expect(text.hasPrefix("source,source_type,credentials.type\r\n"))
    }

    @Test func yamlQuotesEveryScalar() {
        #expect(YAMLSourcesWriter.quote("no") == "\"no\"")
        #expect(YAMLSourcesWriter.quote("a\"b\\c\nd\u{1}") == "\"a\\\"b\\\\c\\nd\\u0001\"")
    }

    @Test func xmlEscapesMarkupAndLineEnds() {
        #expect(XMLSourcesWriter.escape("<a & \"b\">\r\n") == "&lt;a &amp; &quot;b&quot;&gt;&#13;&#10;")
        let text = XMLSourcesWriter().render(sources, metadata: ExportMetadata())
        #expect(text.contains("<url>https://x.example/a?b=1&amp;c=&lt;2&gt;</url>"))
    }

    @Test func variablesAreProtectedSoTheyReadBackLiterally() {
        #expect(WriterRegistry.protect("a${B}c") == "a$${B}c")
        #expect(WriterRegistry.protect("$${x}") == "$$${x}")
        #expect(VariableExpander.expand(WriterRegistry.protect("$${x}"), environment: [:]) == .success("$${x}"))
        #expect(
            VariableExpander.expand(WriterRegistry.protect("a${B}c"), environment: ["B": "no"]) == .success("a${B}c"))
    }
}
