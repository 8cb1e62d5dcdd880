import SourcesCore
import StorageCheck
import Testing

/// Sources for the probe tests.
enum ProbeFixtures {
    static let key = "AKIAEXAMPLEKEY123"
    static let secret = "s3cr3t/with+odd=chars"

    /// One source of each S3-dialect type, all naming `bucket`.
    static func s3Family(bucket: String) -> [Source] {
        [
            Source(
                name: "s3-\(bucket)", type: "s3",
                credentials: [
                    "access_key_id": key, "secret_access_key": secret, "bucket": bucket, "region": "eu-west-3",
                ]),
            Source(
                name: "dos-\(bucket)", type: "dos",
                credentials: ["access_key": key, "secret": secret, "bucket": bucket, "region": "nyc3"]),
            Source(
                name: "wasabi-\(bucket)", type: "wasabi",
                credentials: ["access_key": key, "secret": secret, "bucket": bucket]),
            Source(
                name: "gcs-\(bucket)", type: "gcs",
                credentials: ["access_key": key, "secret": secret, "bucket": bucket]),
            Source(
                name: "r2-\(bucket)", type: "r2", credentials: ["access_key": key, "secret": secret, "bucket": bucket]),
            Source(
                name: "akamai-\(bucket)", type: "akamai",
                credentials: [
                    "access_key": key, "secret": secret, "bucket": bucket,
                    "endpoint": "us-southeast-1.linodeobjects.com",
                ]),
        ]
    }

    static func probe(_ source: Source, _ settings: CheckSettings = CheckSettings()) -> Probe? {
        if case .probe(let probe) = ProbeBuilder.plan(for: source, settings: settings) { return probe }
        return nil
    }

    static func settled(_ source: Source, _ settings: CheckSettings = CheckSettings()) -> CheckOutcome? {
        if case .settled(let outcome) = ProbeBuilder.plan(for: source, settings: settings) { return outcome }
        return nil
    }
}

@Suite struct ProbeBuilderTests {
    @Test func eachS3TypeListsOneKeyAtItsProvidersEndpointVirtualHosted() throws {
        let sources = ProbeFixtures.s3Family(bucket: "photos")
        let settings = CheckSettings(r2AccountID: "0123456789abcdef0123456789abcdef")
        let expected: [(host: String, region: String)] = [
            ("photos.s3.eu-west-3.amazonaws.com", "eu-west-3"),
            ("photos.nyc3.digitaloceanspaces.com", "nyc3"),
            ("photos.s3.wasabisys.com", "us-east-1"),
            ("photos.storage.googleapis.com", "auto"),
            ("photos.0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com", "auto"),
            ("photos.us-southeast-1.linodeobjects.com", "us-southeast-1"),
        ]
        for (source, want) in zip(sources, expected) {
            let probe = try #require(ProbeFixtures.probe(source, settings), "\(source.name)")
            #expect(probe.request.url == "https://\(want.host)/?list-type=2&max-keys=1", "\(source.name)")
            #expect(probe.request.method == "GET")
            #expect(probe.region == want.region, "\(source.name)")
            #expect(probe.signer?.service == "s3")
        }
    }

    @Test func theSignedRequestCarriesDateHashAndAuthorizationButNoSecret() throws {
        let probe = try #require(ProbeFixtures.probe(ProbeFixtures.s3Family(bucket: "photos")[0]))
        let signed = probe.prepared(probe.request, at: SigV4Date(secondsSince1970: 1_440_938_160))
        #expect(signed.header("X-Amz-Date") == "20150830T123600Z")
        #expect(
            signed.header("x-amz-content-sha256") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let authorization = try #require(signed.header("Authorization"))
        #expect(
            authorization.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEKEY123/20150830/eu-west-3/s3/aws4_request, "
                    + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="))
        #expect(!signed.url.contains("s3cr3t") && !authorization.contains("s3cr3t"))
    }

    @Test func pathStyleAddressesTheBucketInThePath() throws {
        let settings = CheckSettings(
            endpoints: [.s3: try #require(StorageEndpoint(url: "http://127.0.0.1:9000/base/"))], pathStyle: true)
        let probe = try #require(ProbeFixtures.probe(ProbeFixtures.s3Family(bucket: "photos")[0], settings))
        #expect(probe.request.url == "http://127.0.0.1:9000/base/photos?list-type=2&max-keys=1")
        #expect(probe.request.authority == "127.0.0.1:9000")
    }

    @Test func bucketsThatCannotBeHostLabelsAndAddressEndpointsGoInThePath() throws {
        let dotted = try #require(ProbeFixtures.probe(ProbeFixtures.s3Family(bucket: "images.example.com")[0]))
        #expect(dotted.request.url == "https://s3.eu-west-3.amazonaws.com/images.example.com?list-type=2&max-keys=1")
        let capital = try #require(ProbeFixtures.probe(ProbeFixtures.s3Family(bucket: "Old_Bucket")[0]))
        #expect(capital.request.url == "https://s3.eu-west-3.amazonaws.com/Old_Bucket?list-type=2&max-keys=1")
        let address = CheckSettings(endpoints: [.gcs: try #require(StorageEndpoint(url: "http://10.0.0.7:4443"))])
        let local = try #require(ProbeFixtures.probe(ProbeFixtures.s3Family(bucket: "photos")[3], address))
        #expect(local.request.url == "http://10.0.0.7:4443/photos?list-type=2&max-keys=1")
    }

    @Test func r2WithoutAnAccountIDIsNotCheckedAndSaysHow() throws {
        let outcome = try #require(ProbeFixtures.settled(ProbeFixtures.s3Family(bucket: "photos")[4]))
        #expect(outcome.status == .notChecked)
        #expect(outcome.hint.contains("--r2-account-id") && outcome.hint.contains("R2_ACCOUNT_ID"))
        let overridden = CheckSettings(endpoints: [.r2: try #require(StorageEndpoint(url: "http://127.0.0.1:1"))])
        #expect(ProbeFixtures.probe(ProbeFixtures.s3Family(bucket: "photos")[4], overridden) != nil)
    }

    @Test func theAPIsPlaceholderIsNeverSentAsASecret() throws {
        var source = ProbeFixtures.s3Family(bucket: "photos")[0]
        source.credentials["secret_access_key"] = "****"
        let outcome = try #require(ProbeFixtures.settled(source))
        #expect(outcome.status == .notChecked && outcome.field == "secret_access_key")
    }

    @Test func aRegionThatIsNoRegionNameIsWrongWithoutAsking() throws {
        var source = ProbeFixtures.s3Family(bucket: "photos")[0]
        source.credentials["region"] = "eu west/3"
        let outcome = try #require(ProbeFixtures.settled(source))
        #expect(outcome.status == .wrongRegion && outcome.field == "region")
    }

    @Test func azureListsOneBlobOrFileWithTheSASToken() throws {
        let blob = Source(
            name: "az", type: "azure",
            credentials: [
                "account_name": "Acme", "service_type": "blob", "container_name": "images",
                "sas_token": "?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&sig=ab%2Bc%2Fd%3D",
            ])
        let probe = try #require(ProbeFixtures.probe(blob))
        #expect(probe.request.host == "acme.blob.core.windows.net")
        #expect(probe.request.path == "/images")
        #expect(
            probe.request.query.map(\.name) == ["restype", "comp", "maxresults", "sv", "ss", "srt", "sp", "se", "sig"])
        #expect(probe.request.query.first { $0.name == "sig" }?.value == "ab+c/d=")
        #expect(probe.request.url.contains("restype=container&comp=list&maxresults=1&"))
        #expect(probe.request.url.hasSuffix("sig=ab%2Bc%2Fd%3D"))
        #expect(probe.signer == nil)

        var share = blob
        share.credentials["service_type"] = "file-share"
        share.credentials["container_name"] = nil
        share.credentials["share_name"] = "media"
        let shareProbe = try #require(ProbeFixtures.probe(share))
        #expect(shareProbe.request.host == "acme.file.core.windows.net")
        #expect(shareProbe.request.path == "/media")
        #expect(shareProbe.request.query.first?.value == "directory")

        let local = CheckSettings(endpoints: [.azure: try #require(StorageEndpoint(url: "http://127.0.0.1:10000"))])
        let azurite = try #require(ProbeFixtures.probe(blob, local))
        #expect(azurite.request.url.hasPrefix("http://127.0.0.1:10000/acme/images?restype=container"))
    }

    @Test func urlSourcesAreAskedWithHEADThenARangedGET() throws {
        let source = Source(
            name: "web", type: "url", credentials: ["url": "https://cdn.example.com:8443/img/a%20b/?v=1+2"])
        let probe = try #require(ProbeFixtures.probe(source))
        #expect(probe.request.method == "HEAD")
        #expect(probe.request.url == "https://cdn.example.com:8443/img/a%20b/?v=1+2")
        #expect(probe.fallback?.method == "GET")
        #expect(probe.fallback?.header("Range") == "bytes=0-0")
    }

    @Test func endpointsParseFromTypeEqualsURL() throws {
        guard case .success(let (type, endpoint)) = CheckSettings.parseEndpoint("spaces=http://127.0.0.1:9000") else {
            Issue.record("not parsed")
            return
        }
        #expect(type == .dos && endpoint.port == 9000 && endpoint.hostIsAddress)
        func refusal(_ argument: String) -> CheckSettings.EndpointError? {
            if case .failure(let problem) = CheckSettings.parseEndpoint(argument) { return problem }
            return nil
        }
        #expect(refusal("nope=http://x") == .unknownType("nope"))
        #expect(refusal("s3") == .shape("s3"))
        #expect(refusal("s3=ftp://x") == .badURL("ftp://x"))
        #expect(StorageEndpoint(url: "nyc3.example.com")?.description == "https://nyc3.example.com")
    }
}
