import SourcesCore
import Testing

@Suite struct DiagnosticCondenserTests {
    private func at(_ file: String, _ line: Int, _ column: Int = 1) -> SourcesCore.SourceLocation {
        SourcesCore.SourceLocation(file: file, line: line, column: column)
    }

    private func missing(_ field: String, _ file: String, _ line: Int) -> Diagnostic {
        Diagnostic(
            .error, .missingCredential, "Credential \(field) is required", location: at(file, line), record: line - 1,
            field: field)
    }

    @Test func theErrorsAnUnknownFieldCausesAreShownOnceThenCounted() {
        let store = DiagnosticStore()
        let condenser = DiagnosticCondenser(forwardingTo: store)
        let counter = DiagnosticCounter(forwardingTo: condenser)
        let cause = Diagnostic(
            .warning, .unknownField, "no type uses it", location: at("a.csv", 1, 20), field: "bucket_name")
        counter.emit(cause)
        for line in 2...5 { counter.emit(missing("bucket", "a.csv", line)) }
        counter.emit(missing("region", "a.csv", 6))  // another field: not a consequence
        counter.emit(missing("bucket", "b.csv", 2))  // another file: its own matter
        condenser.finish()
        let shown = store.diagnostics
        #expect(
            shown.map(\.code) == [.unknownField, .missingCredential, .missingCredential, .repeated, .missingCredential])
        #expect(shown[3].severity == .note)
        #expect(shown[3].location == at("a.csv", 1, 20))
        #expect(shown[3].message.hasPrefix("and 3 more records with the same error about 'bucket'"))
        #expect(shown[4].location?.file == "b.csv")
        #expect(counter.count(.error) == 6)
        #expect(condenser.hidden(.error) == 3)
    }

    @Test func withoutASuggestionNothingIsLeftOut() {
        let diagnostics = [
            Diagnostic(.warning, .unknownField, "no type uses it", location: at("a.csv", 1), field: "notes"),
            missing("bucket", "a.csv", 2), missing("bucket", "a.csv", 3),
        ]
        #expect(DiagnosticCondenser.condense(diagnostics) == diagnostics)
    }
}
