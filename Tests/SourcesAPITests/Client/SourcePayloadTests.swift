import Testing

import SourcesCore
@testable import SourcesAPI

@Suite("Request and response bodies")
struct SourcePayloadTests {
    @Test func createBodyHasTheDocumentedShapeInOrder() {
        let source = Source(
            name: "my-images", type: "s3",
            credentials: [
                "access_key_id": "AKIA1", "secret_access_key": "wJalr\"x", "bucket": "b", "region": "us-east-1",
            ])
        #expect(
            SourcePayload.createBody(for: source).serialized
                == #"{"source":{"source":"my-images","source_type":"s3","credential_attributes":{"access_key_id":"AKIA1","secret_access_key":"wJalr\"x","bucket":"b","region":"us-east-1"}}}"#
        )
    }

    @Test func redactedPlaceholderIsNeverSent() {
        let creds: Credentials = ["access_key": "AK", "secret": "****", "bucket": "b"]
        let create = SourcePayload.createBody(for: Source(name: "g", type: "gcs", credentials: creds)).serialized
        #expect(!create.contains("****"))
        #expect(!create.contains("\"secret\""))
        let update = SourcePayload.updateBody(name: nil, credentials: creds).serialized
        #expect(update == #"{"source":{"credential_attributes":{"access_key":"AK","bucket":"b"}}}"#)
        // A value that merely contains asterisks is a real value and is sent.
        let starry = SourcePayload.updateBody(name: "n", credentials: ["secret": "*****"]).serialized
        #expect(starry == #"{"source":{"source":"n","credential_attributes":{"secret":"*****"}}}"#)
    }

    @Test func decodesASourceKeepingCredentialOrder() throws {
        let body = #"""
            {"id":"69a99ae507f19000072d0125","source":"my-images","source_type":"s3",
             "credentials":{"bucket":"my-bucket","region":"us-east-1","access_key_id":"AKIA...",
             "secret_access_key":"****","require_token":"true","secret_token":"a1b2"},
             "created_at":"2026-03-05T14:10:00Z","updated_at":"2026-03-05T14:11:00Z"}
            """#
        let source = try SourcePayload.decodeSource(try JSONParser.parse(Array(body.utf8)))
        #expect(source.id == "69a99ae507f19000072d0125")
        #expect(source.name == "my-images")
        #expect(source.type == "s3")
        #expect(
            source.credentials.keys
                == ["bucket", "region", "access_key_id", "secret_access_key", "require_token", "secret_token"])
        #expect(source.credentials["secret_access_key"] == "****")
        #expect(source.createdAt == "2026-03-05T14:10:00Z")
        #expect(source.updatedAt == "2026-03-05T14:11:00Z")
    }

    @Test func credentialScalarsAreKeptAsTheirTextNullsDroppedContainersRejected() throws {
        let body =
            #"{"source":"a","source_type":"url","credentials":{"url":"https://x","port":8080,"require_token":false,"secret_token":null}}"#
        let source = try SourcePayload.decodeSource(try JSONParser.parse(Array(body.utf8)))
        #expect(source.credentials == ["url": "https://x", "port": "8080", "require_token": "false"])
        #expect(source.credentials.keys == ["url", "port", "require_token"])
        for container in ["[]", "{}"] {
            let bad = #"{"source":"a","source_type":"url","credentials":{"url":"# + container + "}}"
            #expect(throws: SourcePayload.DecodingFailure.self) {
                try SourcePayload.decodeSource(try JSONParser.parse(Array(bad.utf8)))
            }
        }
    }

    @Test func rejectsBodiesThatAreNotSources() throws {
        #expect(throws: SourcePayload.DecodingFailure.self) {
            try SourcePayload.decodeSource(try JSONParser.parse(Array(#"{"id":"1"}"#.utf8)))
        }
        #expect(throws: SourcePayload.DecodingFailure.self) {
            try SourcePayload.decodeList(try JSONParser.parse(Array(#"{"sources":[]}"#.utf8)))
        }
        #expect(try SourcePayload.decodeList(try JSONParser.parse(Array("[]".utf8))).isEmpty)
    }

    @Test func errorMessagesAreVerbatim() throws {
        let body =
            #"{"errors":["Credential access_key_id is required for s3 sources","Source has already been taken"]}"#
        #expect(
            SourcePayload.errorMessages(try JSONParser.parse(Array(body.utf8)))
                == ["Credential access_key_id is required for s3 sources", "Source has already been taken"])
    }

    @Test func parserIsStrictAndRoundTrips() throws {
        for bad in ["", "{", #"{"a":1,}"#, "[1 2]", #"{"a":"\x"}"#, "01", "nul", #"{"a":1} x"#, "\"a\nb\""] {
            #expect(throws: JSONParser.Failure.self, "\(bad)") { try JSONParser.parse(Array(bad.utf8)) }
        }
        let text = #"{"z":[1,-2.5e3,true,false,null],"a":"é\u00e9\ud83d\ude00\n\"","m":{}}"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value["a"]?.stringValue == "éé😀\n\"")
        #expect(value.serialized == #"{"z":[1,-2.5e3,true,false,null],"a":"éé😀\n\"","m":{}}"#)
        #expect(try JSONParser.parse(Array(value.serialized.utf8)) == value)
    }
}
