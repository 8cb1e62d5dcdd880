import SourcesCore
import SourcesMigration

/// Records and sources built in code, for tests that need exact control over them.
enum Fixtures {
    /// A record of `source` as if read from line `line` of `file`.
    static func record(_ source: Source, file: String = "in.csv", line: Int = 2, valid: Bool = true) -> CandidateRecord
    {
        let origin = RecordOrigin(location: SourceLocation(file: file, line: line, column: 1), index: line - 1)
        return CandidateRecord(record: SourceRecord(source: source, origin: origin), valid: valid)
    }

    /// An S3 source with a provider secret.
    static func s3(_ name: String, bucket: String = "bucket", secret: String = "s3-secret-value-0001") -> Source {
        Source(
            name: name, type: "s3",
            credentials: Credentials([
                ("bucket", bucket), ("region", "us-east-1"), ("access_key_id", "AKIAEXAMPLE"),
                ("secret_access_key", secret),
            ]))
    }

    /// A URL (web proxy) source: no secrets at all.
    static func url(_ name: String, url: String = "https://images.example.com") -> Source {
        Source(name: name, type: "url", credentials: Credentials([("url", url)]))
    }

    /// `source` as the API returns it: with an id and provider secrets redacted.
    static func remote(_ source: Source, id: String, secretToken: String? = nil) -> Source {
        var credentials = Credentials()
        for (key, value) in source.credentials {
            credentials[key] = SecretAttributes.redactedByAPI.contains(key) ? SecretAttributes.placeholder : value
        }
        if let secretToken { credentials["secret_token"] = secretToken }
        return Source(name: source.name, type: source.type, credentials: credentials, id: id)
    }

    /// `count` numbered records `prefix-1`… of alternating S3 and URL sources.
    static func many(_ count: Int, prefix: String = "src", secret: String = "Secret-Value-") -> [CandidateRecord] {
        (1...max(1, count)).prefix(count).map { i in
            let source =
                i % 2 == 0
                ? url("\(prefix)-\(i)", url: "https://img\(i).example.com")
                : s3("\(prefix)-\(i)", bucket: "bucket-\(i)", secret: "\(secret)\(i)")
            return record(source, line: i + 1)
        }
    }
}
