import Testing

@testable import SourcesCore

@Suite struct FieldLocationsTests {
    @Test func locationsFromSeveralFilesReadBackAsWritten() {
        let a = SourceLocation(file: "a.yaml", line: 3, column: 5)
        let b = SourceLocation(file: "b.yaml", line: 7, column: 1)
        var locations = FieldLocations()
        locations.append("source", a)
        locations["bucket"] = b
        locations["source_type"] = SourceLocation(file: "a.yaml", line: 4, column: 5)
        #expect(locations["source"] == a)
        #expect(locations["bucket"] == b)
        #expect(locations["source_type"] == SourceLocation(file: "a.yaml", line: 4, column: 5))
        #expect(locations.fields == ["source", "bucket", "source_type"])

        // Replacing a field keeps its place; removing one leaves the others' files as they were.
        locations["source"] = b
        locations["bucket"] = nil
        #expect(locations["source"] == b)
        #expect(locations["source_type"]?.file == "a.yaml")
        #expect(locations.fields == ["source", "source_type"])
    }
}
