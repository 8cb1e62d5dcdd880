import Foundation

/// Files the end-to-end tests write and watch: a CSV input, a journal that grows.
extension Fixtures {
    /// A CSV input with `count` sources (`prefix-1`…), alternately S3 and URL.
    static func writeCSV(_ path: String, count: Int, prefix: String, secret: String) throws {
        var text = "source,source_type,bucket,region,access_key_id,secret_access_key,url\n"
        for i in 1...count {
            text +=
                i % 2 == 0
                ? "\(prefix)-\(i),url,,,,,https://img\(i).example.com\n"
                : "\(prefix)-\(i),s3,bucket-\(i),us-east-1,AKIAEXAMPLE,\(secret)\(i),\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Waits until `path` has at least `lines` lines (or `timeout` passes); returns whether it did.
    static func waitForLines(_ path: String, atLeast lines: Int, timeout: Double = 60) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
                text.split(separator: "\n").count >= lines
            {
                return true
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
