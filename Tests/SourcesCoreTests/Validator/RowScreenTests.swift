import SourcesCore
import Testing

/// The screen passes only rows the full path would report nothing for.
@Suite struct RowScreenTests {
    static let header = [
        "source", "Source Type", "bucket", "access_key", "secret", "service_type",
        "container_name", "account_name", "sas_token", "url", "require_token", "name",
    ]

    /// Screens one comma-separated row (no quotes) with a fresh screen over ``header``.
    static func screen(_ row: String, header: [String] = header) -> String? {
        guard var screen = RowScreen(columnKeys: header) else { return "no screen" }
        let bytes = Array(row.utf8)
        var bounds: [UInt32] = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: ",") { bounds.append(UInt32(i + 1)) }
        bounds.append(UInt32(bytes.count + 1))
        return bytes.withUnsafeBufferPointer { row in
            bounds.withUnsafeBufferPointer { bounds in
                screen.screen(row, bounds: bounds).map { String(decoding: row[$0], as: UTF8.self) }
            }
        }
    }

    @Test func aPlainValidRowPassesWithItsName() {
        #expect(Self.screen("img-1,gcs,b,k,s,,,,,,,") == "img-1")
        #expect(Self.screen("img-2,azure,,,,blob,c,acct,sas,,true,") == "img-2")
        #expect(Self.screen("img-3,url,,,,,,,,https://cdn.example.com/x,false") == "img-3")
        #expect(Self.screen("img-4,gcs,b,k,s") == "img-4", "fewer cells than the header")
    }

    @Test(arguments: [
        "img 1,gcs,b,k,s",  // the name rule
        ",gcs,b,k,s",  // no name
        "img-1,,b,k,s",  // no type
        "img-1,ftp,b,k,s",  // an unknown type
        "img-1,gcs,,k,s",  // a missing credential
        "img-1,gcs, b,k,s",  // white space to trim
        "img-1,gcs,${B},k,s",  // a variable
        "img-1,gcs,b,k,s,blob",  // an attribute gcs does not use
        "img-1,azure,,,,queue,c,acct,sas",  // a service_type azure does not have
        "img-1,azure,,,,file-share,c,acct,sas",  // file-share without share_name
        "img-1,url,,,,,,,,ftp://cdn.example.com",
        "img-1,url,,,,,,,,http://cdn.example.com:8080/",  // only a URL parser can tell
        "img-1,gcs,b,k,s,,,,,,yes",  // require_token to normalise
        "img-1,gcs,b,k,s,,,,,,,img-2",  // the name given twice (source and name)
        "img-1,gcs,b,k,s,,,,,,,,extra",  // more cells than the header
    ])
    func anythingTheFullPathWouldReportOrChangeIsLeftToIt(row: String) {
        #expect(Self.screen(row) == nil)
    }

    @Test func typeAliasesResolveAsTheNormaliserResolvesThem() {
        #expect(Self.screen("img-1,Spaces,b,k,s") == nil, "dos needs a region this header lacks")
        let header = ["name", "type", "bucket", "access_key", "secret", "region"]
        #expect(Self.screen("img-1,Spaces,b,k,s,nyc3", header: header) == "img-1")
        #expect(Self.screen("img-1,GCS,b,k,s", header: header) == "img-1")
    }

    @Test func aHeaderWithMoreThan64FieldsHasNoScreen() {
        #expect(RowScreen(columnKeys: (0..<65).map { "field\($0)" }) == nil)
        #expect(RowScreen(columnKeys: (0..<64).map { "field\($0)" }) != nil)
    }
}
