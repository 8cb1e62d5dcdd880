import StorageCheck
import TestSupport
import Testing

/// The signer against the AWS Signature Version 4 test suite.
///
/// Source: the "Signature Version 4 test suite" of the AWS General Reference
/// (https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html,
/// aws-sig-v4-test-suite), every case signed with its credentials `AKIDEXAMPLE` /
/// `wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY`, at 20150830T123600Z, region `us-east-1`,
/// service `service`. Each vector below is the case's `.req` file (the request as sent) and
/// the `Authorization` value of its `.authz` file; a few also carry the `.creq` file (the
/// canonical request). Cases left out: `get-header-value-multiline` (obsolete header line
/// folding, which no HTTP client sends), `post-x-www-form-urlencoded-parameters` (its
/// `.authz` lists `content-length` as signed while its `.req` does not send it: the suite's
/// files disagree with each other, and botocore does not reproduce that signature either),
/// and `post-sts-header-after` (the token is added after signing: the same signature as
/// `post-vanilla`). In `post-x-www-form-urlencoded` the `.req` also carries `Content-Length`,
/// which the `.authz` does not sign; it is left out of the request here for the same reason.
@Suite struct SigV4TestSuiteTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var req: String
        var authz: String
        var creq: String?
        var token: String?
        var testDescription: String { name }
    }

    static let credentials = SigV4Signer.Credentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = SigV4Date(secondsSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let prefix = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
    static let stsToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

    static let host = "Host:example.amazonaws.com\nX-Amz-Date:20150830T123600Z"
    static let plain = "SignedHeaders=host;x-amz-date, Signature="

    static let vectors: [Vector] = [
        Vector(
            name: "get-vanilla", req: "GET / HTTP/1.1\n\(host)",
            authz: plain + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            creq: "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(
            name: "get-vanilla-empty-query-key", req: "GET /?Param1=value1 HTTP/1.1\n\(host)",
            authz: plain + "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
        Vector(
            name: "get-vanilla-query-order-key", req: "GET /?Param1=value2&Param1=Value1 HTTP/1.1\n\(host)",
            authz: plain + "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1",
            creq: "GET\n/\nParam1=Value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                + "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(
            name: "get-vanilla-query-order-key-case", req: "GET /?Param2=value2&Param1=value1 HTTP/1.1\n\(host)",
            authz: plain + "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        Vector(
            name: "get-vanilla-query-order-value", req: "GET /?Param1=value2&Param1=value1 HTTP/1.1\n\(host)",
            authz: plain + "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
        Vector(
            name: "get-vanilla-query-unreserved",
            req: "GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                + "=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1\n\(host)",
            authz: plain + "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
        Vector(
            name: "get-vanilla-utf8-query", req: "GET /?ሴ=bar HTTP/1.1\n\(host)",
            authz: plain + "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04",
            creq: "GET\n/\n%E1%88%B4=bar\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                + "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(
            name: "get-unreserved",
            req: "GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1\n\(host)",
            authz: plain + "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        Vector(
            name: "get-utf8", req: "GET /ሴ HTTP/1.1\n\(host)",
            authz: plain + "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
            creq: "GET\n/%E1%88%B4\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(
            name: "get-header-key-duplicate",
            req: "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value2\nMy-Header1:value2\n"
                + "My-Header1:value1\nX-Amz-Date:20150830T123600Z",
            authz: "SignedHeaders=host;my-header1;x-amz-date, "
                + "Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
            creq: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\n"
                + "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(
            name: "get-header-value-order",
            req: "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value4\nMy-Header1:value1\n"
                + "My-Header1:value3\nMy-Header1:value2\nX-Amz-Date:20150830T123600Z",
            authz: "SignedHeaders=host;my-header1;x-amz-date, "
                + "Signature=08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
        Vector(
            name: "get-header-value-trim",
            req: "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1: value1\nMy-Header2: \"a   b   c\"\n"
                + "X-Amz-Date:20150830T123600Z",
            authz: "SignedHeaders=host;my-header1;my-header2;x-amz-date, "
                + "Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
            creq: "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
                + "x-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(
            name: "post-vanilla", req: "POST / HTTP/1.1\n\(host)",
            authz: plain + "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        Vector(
            name: "post-vanilla-query", req: "POST /?Param1=value1 HTTP/1.1\n\(host)",
            authz: plain + "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        Vector(
            name: "post-header-key-sort",
            req: "POST / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value1\n"
                + "X-Amz-Date:20150830T123600Z",
            authz: "SignedHeaders=host;my-header1;x-amz-date, "
                + "Signature=c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
        Vector(
            name: "post-header-value-case",
            req: "POST / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:VALUE1\n"
                + "X-Amz-Date:20150830T123600Z",
            authz: "SignedHeaders=host;my-header1;x-amz-date, "
                + "Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
        Vector(
            name: "post-x-www-form-urlencoded",
            req: "POST / HTTP/1.1\nContent-Type:application/x-www-form-urlencoded\n\(host)\n\nParam1=value1",
            authz: "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
        Vector(
            name: "post-sts-header-before", req: "POST / HTTP/1.1\n\(host)",
            authz: "SignedHeaders=host;x-amz-date;x-amz-security-token, "
                + "Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
            token: stsToken),
        // normalize-path
        Vector(
            name: "get-relative", req: "GET /example/.. HTTP/1.1\n\(host)",
            authz: plain + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Vector(
            name: "get-relative-relative", req: "GET /example1/example2/../.. HTTP/1.1\n\(host)",
            authz: plain + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Vector(
            name: "get-slash", req: "GET // HTTP/1.1\n\(host)",
            authz: plain + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Vector(
            name: "get-slash-dot-slash", req: "GET /./ HTTP/1.1\n\(host)",
            authz: plain + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Vector(
            name: "get-slash-pointless-dot", req: "GET /./example HTTP/1.1\n\(host)",
            authz: plain + "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"),
        Vector(
            name: "get-slashes", req: "GET //example// HTTP/1.1\n\(host)",
            authz: plain + "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84",
            creq: "GET\n/example/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(
            name: "get-space", req: "GET /example space/ HTTP/1.1\n\(host)",
            authz: plain + "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
            creq: "GET\n/example%20space/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                + "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ]

    /// The request of a `.req` file: request line, `Name:value` headers, blank line, body.
    static func request(from req: String) -> ProbeRequest {
        let parts = req.split(separator: "\n\n", maxSplits: 1, omittingEmptySubsequences: false)
        let lines = parts[0].split(separator: "\n").map(String.init)
        let requestLine = lines[0].split(separator: " ")
        let method = String(requestLine[0])
        // The target is everything between the method and " HTTP/1.1" (get-space has a space in it).
        let target = String(lines[0].dropFirst(method.count + 1).dropLast(" HTTP/1.1".count))
        let pathAndQuery = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [ProbeRequest.QueryItem] = []
        if pathAndQuery.count == 2 {
            for pair in pathAndQuery[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append(
                    .init(
                        AWSPercentEncoding.decode(String(kv[0])),
                        kv.count > 1 ? AWSPercentEncoding.decode(String(kv[1])) : ""))
            }
        }
        let headers = lines.dropFirst().map { line -> ProbeRequest.Header in
            let colon = line.firstIndex(of: ":") ?? line.endIndex
            return .init(String(line[..<colon]), String(line[line.index(after: colon)...]))
        }
        return ProbeRequest(
            method: method, host: "example.amazonaws.com", path: String(pathAndQuery[0]), query: query,
            headers: headers, body: parts.count > 1 ? Array(parts[1].utf8) : [])
    }

    @Test(arguments: vectors) func signsLikeTheSuite(_ vector: Vector) {
        var credentials = Self.credentials
        credentials.sessionToken = vector.token
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        var request = Self.request(from: vector.req)
        if let creq = vector.creq { #expect(signer.canonicalRequest(for: request) == creq) }
        signer.sign(&request, at: Self.date)
        #expect(request.header("Authorization") == Self.prefix + vector.authz)
    }

    @Test func aSecretOffByOneCharacterSignsDifferently() {
        let wrong = SigV4Signer.Credentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ")
        let signer = SigV4Signer(credentials: wrong, region: "us-east-1", service: "service")
        var request = Self.request(from: Self.vectors[0].req)
        signer.sign(&request, at: Self.date)
        #expect(request.header("Authorization") != Self.prefix + Self.vectors[0].authz)
    }

    @Test func credentialsNeverDescribeTheirSecret() {
        let text = "\(Self.credentials) \(String(reflecting: Self.credentials))"
        #expect(!text.contains("wJalrXUtnFEMI"))
    }
}
