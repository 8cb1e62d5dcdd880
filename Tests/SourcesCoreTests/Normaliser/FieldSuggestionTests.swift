import SourcesCore
import Testing

@Suite struct FieldSuggestionTests {
    @Test(arguments: [
        ("Bucket Name", "bucket"), ("acces_key", "access_key"), ("SAS", "sas_token"), ("Key ID", "access_key_id"),
        ("Container", "container_name"), ("Source Nmae", "source_name"), ("regoin", "region"),
        ("Secret-Access-Key-ID", "secret_access_key"), ("sourcetype", "source_type"), ("AWS Region", "region"),
    ])
    func guessesTheFieldMeant(written: String, meant: String) {
        #expect(FieldSuggestion.suggestion(for: written) == meant)
    }

    @Test(arguments: ["notes", "cdn_alias", "a", "Contact Phone Number", ""])
    func guessesNothingForWhatIsNoField(written: String) {
        #expect(FieldSuggestion.suggestion(for: written) == nil)
    }
}
