import Foundation
import TestSupport
import Testing

/// `ibsources check` against moto's S3 server (a third-party implementation that verifies
/// every request's Signature Version 4 once its set-up is done), for every S3-compatible
/// type through `--storage-endpoint` and `--path-style`: a good key, a wrong secret, an
/// unknown key, a key without permissions, a missing bucket; then a closed port.
@Suite(.enabled(if: PythonTools.available, Comment(rawValue: PythonTools.missingMessage)), .serialized)
struct MotoCheckTests {
    static let types = ["s3", "dos", "wasabi", "gcs", "akamai", "r2"]

    /// Five records per type: ok, wrong-secret, unknown-key, stranger, no-bucket.
    static func file(_ moto: MotoServer, endpoint: String) -> String {
        var yaml = ""
        for type in types {
            let (keyField, secretField) =
                type == "s3" ? ("access_key_id", "secret_access_key") : ("access_key", "secret")
            var extra = ""
            switch type {
            case "s3": extra = ", region: us-east-1"
            case "dos": extra = ", region: nyc3"
            case "akamai": extra = ", endpoint: \"\(endpoint)\""
            default: break
            }
            func line(_ name: String, _ key: String, _ secret: String, _ bucket: String) -> String {
                "- {source: \(type)-\(name), source_type: \(type), \(keyField): \"\(key)\", \(secretField): \"\(secret)\", "
                    + "bucket: \(bucket)\(extra)}\n"
            }
            yaml += line("ok", moto.reader.id, moto.reader.secret, "bucket-\(type)")
            yaml += line("wrong-secret", moto.reader.id, "Wr0ng" + moto.reader.secret.dropFirst(5), "bucket-\(type)")
            yaml += line("unknown-key", "AKIAUNKNOWNKEY000000", moto.reader.secret, "bucket-\(type)")
            yaml += line("stranger", moto.stranger.id, moto.stranger.secret, "bucket-\(type)")
            yaml += line("no-bucket", moto.reader.id, moto.reader.secret, "missing-\(type)")
        }
        return yaml
    }

    static func arguments(endpoint: String) -> [String] {
        ["check", "buckets.yaml", "--path-style", "--output", "json", "--timeout", "5"]
            + types.flatMap { ["--storage-endpoint", "\($0)=\(endpoint)"] }
    }

    @Test func everyS3TypeAgainstMoto() async throws {
        let moto = try MotoServer(buckets: Self.types.map { "bucket-\($0)" })
        defer { moto.stop() }
        let directory = try TemporaryDirectory(prefix: "ibsources-check").url
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.file(moto, endpoint: moto.endpoint)
            .write(to: directory.appendingPathComponent("buckets.yaml"), atomically: true, encoding: .utf8)

        let run = try CLI.run(Self.arguments(endpoint: moto.endpoint), directory: directory)
        #expect(run.status == 1, "\(run.stderr)")
        let results = try AzureAndURLCheckTests.results(run.stdout)
        for type in Self.types {
            #expect(results["\(type)-ok"]?.code == "check-ok", "\(type): \(results["\(type)-ok"]?.message ?? "none")")
            #expect(results["\(type)-wrong-secret"]?.code == "check-denied")
            #expect(results["\(type)-wrong-secret"]?.message.contains("SignatureDoesNotMatch") == true, "\(type)")
            #expect(results["\(type)-unknown-key"]?.code == "check-denied")
            #expect(results["\(type)-unknown-key"]?.message.contains("InvalidAccessKeyId") == true, "\(type)")
            #expect(results["\(type)-stranger"]?.code == "check-denied")
            #expect(results["\(type)-stranger"]?.message.contains("AccessDenied") == true, "\(type)")
            #expect(results["\(type)-no-bucket"]?.code == "check-no-such-bucket")
            #expect(results["\(type)-no-bucket"]?.message.contains("NoSuchBucket") == true, "\(type)")
        }
        #expect(!run.stdout.contains(moto.reader.secret) && !run.stderr.contains(moto.reader.secret))
        #expect(!run.stdout.contains(moto.stranger.secret))

        // The same file against a port where nothing listens: every record unreachable.
        let port = try await closedPort()
        try Self.file(moto, endpoint: "http://127.0.0.1:\(port)")
            .write(to: directory.appendingPathComponent("buckets.yaml"), atomically: true, encoding: .utf8)
        let closed = try CLI.run(Self.arguments(endpoint: "http://127.0.0.1:\(port)"), directory: directory)
        #expect(closed.status == 1)
        let unreachable = try AzureAndURLCheckTests.results(closed.stdout)
        #expect(unreachable.count == Self.types.count * 5)
        #expect(unreachable.values.allSatisfy { $0.code == "check-unreachable" })
    }
}
