import Testing

@testable import SourcesCore

@Suite struct ValidatorTests {
    private func record(
        _ name: String, _ type: String, _ credentials: Credentials, file: String = "a.yaml", line: Int = 1,
        index: Int = 1
    ) -> SourceRecord {
        var locations: FieldLocations = ["source": SourcesCore.SourceLocation(file: file, line: line, column: 9)]
        for (i, key) in credentials.keys.enumerated() {
            locations[key] = SourcesCore.SourceLocation(file: file, line: line + i + 1, column: 7)
        }
        return SourceRecord(
            source: Source(name: name, type: type, credentials: credentials),
            origin: RecordOrigin(location: SourcesCore.SourceLocation(file: file, line: line, column: 3), index: index),
            locations: locations)
    }

    private func check(_ records: [SourceRecord]) -> [Diagnostic] {
        let store = DiagnosticStore()
        let validator = Validator(diagnostics: store)
        records.forEach { validator.validate($0) }
        return store.diagnostics
    }

    @Test func acceptsAValidSourceOfEveryType() {
        let all: [SourceRecord] = [
            record("a", "s3", ["access_key_id": "K", "secret_access_key": "S", "bucket": "b", "region": "r"]),
            record("b", "gcs", ["access_key": "K", "secret": "S", "bucket": "b"]),
            record("c", "dos", ["access_key": "K", "secret": "S", "bucket": "b", "region": "nyc3"]),
            record("d", "r2", ["access_key": "K", "secret": "S", "bucket": "b"]),
            record("e", "akamai", ["access_key": "K", "secret": "S", "bucket": "b", "endpoint": "https://x"]),
            record("f", "wasabi", ["access_key": "K", "secret": "S", "bucket": "b", "require_token": "true"]),
            record(
                "g", "azure", ["account_name": "a", "service_type": "blob", "sas_token": "?sv", "container_name": "c"]),
            record(
                "h", "azure",
                ["account_name": "a", "service_type": "file-share", "sas_token": "?sv", "share_name": "s"]),
            record("i", "url", ["url": "http://example.com/x", "secret_token": "abc"]),
        ]
        #expect(check(all).isEmpty)
    }

    @Test func reportsEveryMissingCredentialAtOnce() {
        let diagnostics = check([record("a", "s3", ["bucket": "b"])])
        #expect(diagnostics.map(\.field) == ["access_key_id", "secret_access_key", "region"])
        #expect(diagnostics.allSatisfy { $0.code == .missingCredential && $0.severity == .error })
        #expect(diagnostics[0].message.hasPrefix("Credential access_key_id is required for s3 sources"))
        #expect(diagnostics[0].location == SourcesCore.SourceLocation(file: "a.yaml", line: 1, column: 3))
    }

    @Test func typeMessagesListEveryType() {
        let list = "s3, gcs, dos, r2, akamai, wasabi, azure, url"
        let missing = check([record("a", "", [:])])
        #expect(missing.map(\.message) == ["the record has no source type; add 'source_type' (one of \(list))"])
        let unknown = check([record("a", "ftp", [:])])
        #expect(unknown.map(\.message) == ["unknown source_type 'ftp'; use one of \(list)"])
    }

    @Test(arguments: ["-lead", "has space", "dot.name", "ünï", "_under"])
    func rejectsNamesOutsideTheRule(name: String) {
        let diagnostics = check([record(name, "url", ["url": "https://x.example"])])
        #expect(diagnostics.map(\.code) == [.invalidName])
        #expect(diagnostics[0].location?.column == 9)
    }

    @Test(arguments: ["a", "A-1", "abc_DEF-9", "0start"])
    func acceptsNamesInsideTheRule(name: String) {
        #expect(check([record(name, "url", ["url": "https://x.example"])]).isEmpty)
    }

    @Test func namesAreAtMostTheDocumentedLength() {
        #expect(SourceRules.maxNameLength == 255)
        #expect(check([record(String(repeating: "a", count: 255), "url", ["url": "https://x.example"])]).isEmpty)
        let long = check([record(String(repeating: "b", count: 256), "url", ["url": "https://x.example"])])
        #expect(long.map(\.code) == [.nameTooLong])
        #expect(long.first?.message == "the name is 256 characters long; names are at most 255 characters: shorten it")
        let both = check([record("-" + String(repeating: "c", count: 100_000), "url", ["url": "https://x.example"])])
        #expect(both.map(\.code) == [.invalidName, .nameTooLong])
        // The emulator reads the same rule, in the API's words.
        let violations = SourceRules.violations(
            name: String(repeating: "d", count: 300), type: "url", credentials: ["url": "https://x.example"])
        #expect(violations.map(\.message) == ["Source is too long (maximum is 255 characters)"])
    }

    @Test func duplicateNamesAcrossFilesPointAtTheFirst() {
        let diagnostics = check([
            record("same", "url", ["url": "https://a.example"], file: "one.csv", line: 4),
            record("same", "url", ["url": "https://b.example"], file: "two.yaml", line: 12, index: 3),
        ])
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].code == .duplicateName)
        #expect(diagnostics[0].location?.file == "two.yaml")
        #expect(diagnostics[0].record == 3)
        #expect(diagnostics[0].message.contains("one.csv:4:9"))
    }

    @Test func checksAzureConditionalFields() {
        let blob = check([record("a", "azure", ["account_name": "a", "service_type": "blob", "sas_token": "s"])])
        #expect(blob.map(\.field) == ["container_name"])
        let share = check([record("b", "azure", ["account_name": "a", "service_type": "file-share", "sas_token": "s"])])
        #expect(share.map(\.field) == ["share_name"])
        let other = check([record("c", "azure", ["account_name": "a", "service_type": "queue", "sas_token": "s"])])
        #expect(other.map(\.code) == [.invalidServiceType])
    }

    @Test(arguments: ["ftp://x.example/", "example.com/images", "https://", "http:///nohost", "not a url"])
    func rejectsBadProxyURLs(url: String) {
        #expect(check([record("a", "url", ["url": url])]).map(\.code) == [.invalidURL])
    }

    @Test func rejectsUnknownAndMissingTypes() {
        #expect(check([record("a", "dropbox", [:])]).map(\.code) == [.unknownType])
        #expect(check([record("b", "", [:])]).map(\.code) == [.missingType])
        #expect(check([record("", "url", ["url": "https://x.example"])]).map(\.code) == [.missingName])
    }

    @Test func warnsAboutAttributesTheTypeDoesNotUse() {
        let diagnostics = check([record("a", "url", ["url": "https://x.example", "bucket": "b"])])
        #expect(diagnostics.map(\.code) == [.unusedAttribute])
        #expect(diagnostics[0].severity == .warning)
        #expect(diagnostics[0].field == "bucket")
        #expect(diagnostics[0].location?.line == 3)
    }

    @Test func rejectsANonBooleanRequireToken() {
        #expect(
            check([record("a", "url", ["url": "https://x.example", "require_token": "maybe"])]).map(\.code) == [
                .invalidRequireToken
            ])
    }

    @Test func formatsCompilerStyle() {
        let d = check([record("x", "s3", ["access_key_id": "K", "secret_access_key": "S", "bucket": "b"])])[0]
        #expect(
            d.formatted
                == "a.yaml:1:3: error[missing-credential]: source 'x': Credential region is required for s3 sources; add it"
        )
    }
}
