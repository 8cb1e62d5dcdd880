import SourcesCore
import StorageCheck
import Testing

/// Providers' answers as their documentation shows them, and what the check makes of them.
@Suite struct AnswerClassifierTests {
    static let s3Probe = ProbeFixtures.probe(ProbeFixtures.s3Family(bucket: "photos")[0])!
    static let azureSource = Source(
        name: "az", type: "azure",
        credentials: [
            "account_name": "acme", "service_type": "blob", "container_name": "images",
            "sas_token": "sv=2022-11-02&sp=rl&se=2020-01-01T00:00:00Z&sig=SECRETSIGNATURE%2Bx%3D",
        ])
    static let azureProbe = ProbeFixtures.probe(azureSource)!
    static let urlProbe = ProbeFixtures.probe(
        Source(name: "web", type: "url", credentials: ["url": "https://cdn.example.com/img/"]))!

    static func s3Error(
        _ status: Int, _ code: String, _ message: String, extra: String = "", headers: [ProbeRequest.Header] = []
    ) -> ProbeAnswer {
        .success(
            ProbeResponse(
                status: status, headers: headers,
                body: Array(
                    ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code><Message>\(message)</Message>"
                        + "\(extra)<RequestId>4442587FB7D0A2F9</RequestId></Error>").utf8)))
    }

    static func classify(_ answer: ProbeAnswer, _ probe: Probe = s3Probe) -> CheckOutcome {
        AnswerClassifier.classify(answer, of: probe)
    }

    @Test func aListingIsOK() {
        let outcome = Self.classify(.success(ProbeResponse(status: 200, body: Array("<ListBucketResult/>".utf8))))
        #expect(outcome.status == .ok)
    }

    @Test func aWrongSecretIsDeniedAndPointsAtTheSecret() {
        let outcome = Self.classify(
            Self.s3Error(
                403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                extra: "<AWSAccessKeyId>AKIAEXAMPLEKEY123</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256</StringToSign>"
            ))
        #expect(outcome.status == .denied)
        #expect(outcome.field == "secret_access_key")
        #expect(outcome.text.contains("SignatureDoesNotMatch") && outcome.text.contains("check secret_access_key"))
    }

    @Test func anUnknownKeyIsDeniedAndPointsAtTheKey() {
        let outcome = Self.classify(
            Self.s3Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
        )
        #expect(outcome.status == .denied && outcome.field == "access_key_id")
        #expect(outcome.text.contains("InvalidAccessKeyId"))
    }

    @Test func aKeyThatMayNotListIsDeniedWithThePermissionToGrant() {
        let outcome = Self.classify(Self.s3Error(403, "AccessDenied", "Access Denied"))
        #expect(outcome.status == .denied)
        #expect(outcome.hint.contains("s3:ListBucket"))
    }

    @Test func aMissingBucketIsNoSuchBucket() {
        let outcome = Self.classify(
            Self.s3Error(
                404, "NoSuchBucket", "The specified bucket does not exist", extra: "<BucketName>photos</BucketName>"))
        #expect(outcome.status == .noSuchBucket && outcome.field == "bucket")
    }

    @Test func aRedirectNamesTheRightRegion() {
        let outcome = Self.classify(
            Self.s3Error(
                301, "PermanentRedirect",
                "The bucket you are attempting to access must be addressed using the specified endpoint.",
                extra: "<Endpoint>photos.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>photos</Bucket>",
                headers: [.init("x-amz-bucket-region", "eu-west-1")]))
        #expect(outcome.status == .wrongRegion)
        #expect(outcome.suggestedRegion == "eu-west-1")
        #expect(outcome.text.contains("is in eu-west-1, not eu-west-3") && outcome.hint == "set region to eu-west-1")
    }

    @Test func aMalformedAuthorizationNamesTheRightRegion() {
        let outcome = Self.classify(
            Self.s3Error(
                400, "AuthorizationHeaderMalformed",
                "The authorization header is malformed; the region 'eu-west-3' is wrong; expecting 'us-west-2'",
                extra: "<Region>us-west-2</Region>"))
        #expect(outcome.status == .wrongRegion && outcome.suggestedRegion == "us-west-2")
    }

    @Test func aHeadRedirectWithoutABodyStillNamesTheRegion() {
        let outcome = Self.classify(
            .success(ProbeResponse(status: 301, headers: [.init("x-amz-bucket-region", "ap-south-1")])))
        #expect(outcome.status == .wrongRegion && outcome.suggestedRegion == "ap-south-1")
    }

    @Test func serverErrorsAndTransportFailuresAreUnreachable() {
        #expect(Self.classify(Self.s3Error(503, "SlowDown", "Please reduce your request rate.")).status == .unreachable)
        let failures: [TransportFailure.Kind] = [
            .nameResolution, .connectionRefused, .tls, .timeout, .connectionLost, .other,
        ]
        for kind in failures {
            #expect(Self.classify(.failure(TransportFailure(kind))).status == .unreachable, "\(kind)")
        }
        let dns = Self.classify(.failure(TransportFailure(.nameResolution)), Self.azureProbe)
        #expect(dns.field == "account_name" && dns.message.contains("acme.blob.core.windows.net"))
    }

    @Test func anExpiredSASIsDeniedAndSaysItExpired() {
        let outcome = Self.classify(
            .success(
                ProbeResponse(
                    status: 403, headers: [.init("x-ms-error-code", "AuthenticationFailed")],
                    body: Array(
                        ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed "
                            + "to authenticate the request. Make sure the value of Authorization header is formed correctly "
                            + "including the signature.\nRequestId:4486381e-101e-007d-6ebf-e4e645000000\nTime:2022-10-20T20:05:51."
                            + "1510839Z</Message><AuthenticationErrorDetail>Signed expiry time [Wed, 01 Jan 2020 00:00:00 GMT] "
                            + "has to be after signed start time [Thu, 20 Oct 2022 20:05:51 GMT]</AuthenticationErrorDetail></Error>")
                            .utf8))),
            Self.azureProbe)
        #expect(outcome.status == .denied && outcome.field == "sas_token")
        #expect(outcome.message.contains("expired") && outcome.message.contains("Signed expiry time [Wed, 01 Jan 2020"))
    }

    @Test func aMissingContainerIsNoSuchBucket() {
        let outcome = Self.classify(
            .success(
                ProbeResponse(
                    status: 404, headers: [.init("x-ms-error-code", "ContainerNotFound")],
                    body: Array(
                        "<Error><Code>ContainerNotFound</Code><Message>The specified container does not exist.</Message></Error>"
                            .utf8))),
            Self.azureProbe)
        #expect(outcome.status == .noSuchBucket && outcome.field == "container_name")
    }

    @Test func aSASWithoutListRightsIsDenied() {
        let outcome = Self.classify(
            .success(
                ProbeResponse(status: 403, headers: [.init("x-ms-error-code", "AuthorizationPermissionMismatch")])),
            Self.azureProbe)
        #expect(outcome.status == .denied && outcome.hint.contains("sp=rl"))
    }

    @Test func aWebOriginIsOKWhenItAnswersAndDeniedWhenItWantsCredentials() {
        #expect(Self.classify(.success(ProbeResponse(status: 200)), Self.urlProbe).status == .ok)
        #expect(Self.classify(.success(ProbeResponse(status: 404)), Self.urlProbe).status == .ok)
        #expect(Self.classify(.success(ProbeResponse(status: 401)), Self.urlProbe).status == .denied)
        #expect(Self.classify(.success(ProbeResponse(status: 502)), Self.urlProbe).status == .unreachable)
    }

    @Test func secretsEchoedByAProviderNeverReachTheMessage() {
        let echoed = Self.classify(
            Self.s3Error(403, "Weird", "you sent s3cr3t/with+odd=chars and s3cr3t%2Fwith%2Bodd%3Dchars\u{1B}[31m"))
        #expect(echoed.status == .denied)
        #expect(!echoed.text.contains("s3cr3t") && !echoed.text.contains("\u{1B}"))
        #expect(echoed.text.contains(SecretRedactor.mask))
        let sas = Self.classify(
            .success(
                ProbeResponse(
                    status: 400,
                    body: Array(
                        "<Error><Code>InvalidQueryParameterValue</Code><Message>sig=SECRETSIGNATURE+x=</Message></Error>"
                            .utf8))),
            Self.azureProbe)
        #expect(!sas.text.contains("SECRETSIGNATURE"))
    }

    @Test func entitiesAreDecodedAndNothingElseExpanded() {
        let body = ProviderErrorBody(
            Array("<Error><Code>A&amp;B</Code><Message>&lt;x&gt; &#65;&#x42; &bogus;</Message></Error>".utf8))
        #expect(body.code == "A&B")
        #expect(body.message == "<x> AB &bogus;")
        #expect(ProviderErrorBody(Array("<html>502 Bad Gateway</html>".utf8)).code == nil)
    }
}
