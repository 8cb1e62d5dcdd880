import Foundation
import SourcesCore
import StorageCheck
import Testing

/// The signer against botocore (AWS's own Python SDK core), an independent implementation,
/// on generated requests with odd keys, secrets, paths, query strings and header values:
/// `Support/botocore_sign.py` signs the same requests at the same time, and the
/// `Authorization` headers must be equal.
@Suite(.enabled(if: PythonTools.available, Comment(rawValue: PythonTools.missingMessage)))
struct SigV4BotocoreTests {
    struct Case: Encodable {
        var method: String
        var url: String
        var headers: [[String]]
        var body: String
        var region: String
        var service: String
        var s3: Bool
        var access: String
        var secret: String
        var timestamp: String
    }

    /// Characters that make encoding go wrong: reserved, percent, plus, space, quotes, non-ASCII.
    static let oddPieces = [
        "a", "Z", "0", "-", "_", ".", "~", " ", "+", "%", "%2F", "=", "&", "?", "#", ";", ":", "@", "!", "$", "'",
        "(", ")", "*", ",", "[", "]", "é", "ሴ", "😀", "/", "//", "..", "\"", "<", ">", "{", "}", "|", "\\", "^", "`",
    ]

    static func oddText(_ random: inout SplitMix64, length: ClosedRange<Int>, pieces: [String] = oddPieces) -> String {
        let count = Int(random.next() % UInt64(length.count)) + length.lowerBound
        return (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    static func generate(count: Int, seed: UInt64) -> [(ProbeRequest, SigV4Signer, SigV4Date)] {
        var random = SplitMix64(seed: seed)
        let secretPieces = ["a", "B", "7", "/", "+", "=", "-", "_", "~", "!", " ", "é", "%"]
        let regions = ["us-east-1", "eu-west-3", "auto", "nyc3", "ap-southeast-2"]
        let hosts = [
            "example.amazonaws.com", "my-bucket.s3.eu-west-3.amazonaws.com", "127.0.0.1", "storage.googleapis.com",
        ]
        return (0..<count).map { index in
            let s3 = index % 2 == 0
            let rawPath = "/" + oddText(&random, length: 0...12)
            // Sent encoded once (as the probe builder does); S3 signs the path as sent, other
            // services normalise it and encode it again.
            let path = AWSPercentEncoding.encode(rawPath, keepSlash: true)
            let query = (0..<Int(random.next() % 5)).map { _ in
                ProbeRequest.QueryItem(oddText(&random, length: 1...6), oddText(&random, length: 0...8))
            }
            var headers: [ProbeRequest.Header] = []
            for _ in 0..<Int(random.next() % 3) {
                let name = "x-odd-" + oddText(&random, length: 1...5, pieces: ["a", "b", "Q", "9", "-"])
                let value = oddText(&random, length: 1...8, pieces: ["v", " ", "  ", "\t", "x y", "é", ",", ";", "="])
                headers.append(.init(name, value.trimmingCharacters(in: .whitespaces).isEmpty ? "v" : value))
            }
            let port: Int? = random.next() % 3 == 0 ? 9000 + Int(random.next() % 1000) : nil
            let request = ProbeRequest(
                method: ["GET", "HEAD", "POST", "PUT"][Int(random.next() % 4)],
                scheme: random.next() % 2 == 0 ? "https" : "http",
                host: hosts[Int(random.next() % UInt64(hosts.count))], port: port, path: path, query: query,
                headers: headers, body: index % 3 == 0 ? Array(oddText(&random, length: 0...20).utf8) : [])
            let credentials = SigV4Signer.Credentials(
                accessKeyID: "AKIA" + oddText(&random, length: 8...16, pieces: ["A", "Z", "2", "7", "Q"]),
                secretAccessKey: oddText(&random, length: 10...40, pieces: secretPieces))
            let region = regions[Int(random.next() % UInt64(regions.count))]
            let signer =
                s3
                ? SigV4Signer.s3(credentials: credentials, region: region)
                : SigV4Signer(credentials: credentials, region: region, service: ["service", "iam", "sts"][index % 3])
            let date = SigV4Date(secondsSince1970: 1_262_304_000 + Int64(random.next() % 1_000_000_000))
            return (request, signer, date)
        }
    }

    @Test func agreesWithBotocoreOnGeneratedRequests() throws {
        let cases = Self.generate(count: 400, seed: 0x5167_0C0D)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        var lines = ""
        var ours: [String] = []
        for (request, signer, date) in cases {
            var signed = request
            signer.sign(&signed, at: date)
            ours.append(signed.header("Authorization") ?? "")
            let item = Case(
                method: request.method, url: request.url,
                headers: [["Host", request.authority]] + request.headers.map { [$0.name, $0.value] },
                body: String(decoding: request.body, as: UTF8.self), region: signer.region, service: signer.service,
                s3: signer.pathRule == .asSent, access: signer.credentials.accessKeyID,
                secret: signer.credentials.secretAccessKey, timestamp: date.stamp)
            lines += String(decoding: try encoder.encode(item), as: UTF8.self) + "\n"
        }
        let theirs = try PythonTools.run("botocore_sign.py", input: lines).split(separator: "\n").map(String.init)
        #expect(theirs.count == cases.count)
        var mismatches = 0
        for (index, (mine, botocore)) in zip(ours, theirs).enumerated() where mine != botocore {
            mismatches += 1
            if mismatches <= 5 {
                Issue.record(
                    "case \(index) \(cases[index].0.method) \(cases[index].0.url): ours \(mine), botocore \(botocore)")
            }
        }
        #expect(mismatches == 0)
    }

    @Test func theProbesOfEveryS3TypeAgreeWithBotocore() throws {
        let account = "0123456789abcdef0123456789abcdef"
        let settings = [CheckSettings(r2AccountID: account), CheckSettings(pathStyle: true, r2AccountID: account)]
        var lines = ""
        var ours: [String] = []
        let date = SigV4Date(secondsSince1970: 1_795_960_832)
        for setting in settings {
            for source in ProbeFixtures.s3Family(bucket: "odd.bucket-Name_1")
                + ProbeFixtures.s3Family(bucket: "plain-bucket")
            {
                guard case .probe(let probe) = ProbeBuilder.plan(for: source, settings: setting),
                    let signer = probe.signer
                else {
                    Issue.record("no probe for \(source.name)")
                    continue
                }
                let signed = probe.prepared(probe.request, at: date)
                ours.append(signed.header("Authorization") ?? "")
                let item = Case(
                    method: signed.method, url: signed.url, headers: [["Host", signed.authority]], body: "",
                    region: signer.region, service: "s3", s3: true, access: signer.credentials.accessKeyID,
                    secret: signer.credentials.secretAccessKey, timestamp: date.stamp)
                lines += String(decoding: try JSONEncoder().encode(item), as: UTF8.self) + "\n"
            }
        }
        let theirs = try PythonTools.run("botocore_sign.py", input: lines).split(separator: "\n").map(String.init)
        #expect(theirs == ours)
    }
}
