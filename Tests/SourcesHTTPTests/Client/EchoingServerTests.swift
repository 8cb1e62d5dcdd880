import Foundation
import TestSupport
import Testing

/// A server that answers errors by echoing the request (as proxies and debugging gateways
/// do), through the real CLI: no secret of the records sent, and not the key, may reach the
/// report, its CSV twin, the journal, standard output or standard error; error text is bounded.
@Suite(.serialized) struct EchoingServerTests {
    static let key = "EchoKey-Visible-7f3e"
    static let s3Secret = "S3Secret/With+Slash=1"
    static let token = "SigningToken-abc123"
    static let gcsSecret = "GcsSecret-xyz789"
    static let sas = "sv=2020&sig=AzureSas%2Fabc"
    static let lastSecret = "LastSecret-qwe456"
    static var secrets: [String] { [key, s3Secret, token, gcsSecret, sas, lastSecret] }

    /// Every spelling of `secret` an echo may use.
    static func forms(_ secret: String) -> [String] {
        [
            secret, secret.replacingOccurrences(of: "/", with: "\\/"),
            secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret,
        ]
    }

    static func json(_ object: Any) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }

    @Test func echoedSecretsAreRedactedEverywhereAndErrorTextIsBounded() async throws {
        let dir = try TemporaryDirectory(prefix: "ibsources-api-cli").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journalRead = DispatchSemaphore(value: 0)
        let server = try RawHTTPServer { request in
            if request.method == "GET" {
                return .respond(RawHTTPServer.response(status: 200, reason: "OK", body: "[]"))
            }
            let headers = request.headers.map { "\($0.0): \($0.1)" }.joined(separator: "\n")
            if request.body.contains("echo-text") {
                let text = "Rejected secret=\(Self.gcsSecret) key=\(Self.key) body=\(request.body)\n\(headers)"
                return .respond(
                    RawHTTPServer.response(status: 400, reason: "Bad Request", body: text, contentType: "text/plain"))
            }
            if request.body.contains("echo-last") {
                journalRead.wait()
                let message = "Rejected \(request.body) " + String(repeating: "x", count: 100_000)
                return .respond(
                    RawHTTPServer.response(status: 422, reason: "Unprocessable", body: Self.json(["errors": [message]]))
                )
            }
            let errors = [
                "Invalid request: \(request.body)", "Headers: \(headers)", "Echo: \(Self.json(["body": request.body]))",
            ]
            return .respond(
                RawHTTPServer.response(status: 422, reason: "Unprocessable", body: Self.json(["errors": errors])))
        }
        defer { server.stop() }
        var csv = "source,source_type,bucket,region,access_key_id,secret_access_key,secret_token,access_key,secret,"
        csv += "account_name,service_type,container_name,sas_token\n"
        csv += "echo-json,s3,b1,us-east-1,AKIAEXAMPLE,\(Self.s3Secret),\(Self.token),,,,,,\n"
        csv += "echo-text,gcs,b2,,,,,GOOGACCESS,\(Self.gcsSecret),,,,\n"
        csv += "echo-azure,azure,,,,,,,,acct,blob,cont,\(Self.sas)\n"
        csv += "echo-last,s3,b4,us-east-1,AKIAEXAMPLE,\(Self.lastSecret),,,,,,,\n"
        try csv.write(toFile: dir + "/in.csv", atomically: true, encoding: .utf8)

        let run = try CLI.start(
            ["import", "in.csv", "--endpoint", server.baseURL, "--report", "r.json", "--yes", "--concurrency", "1"],
            environment: ["IMAGEBOSS_API_KEY": Self.key], inheriting: false, separateErrors: true, directory: dir)
        let journalPath = dir + "/r.json.journal.jsonl"
        var journal = ""
        let deadline = Date().addingTimeInterval(60)
        while journal.split(separator: "\n").count < 4, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            journal = (try? String(contentsOfFile: journalPath, encoding: .utf8)) ?? ""
        }
        journalRead.signal()
        let result = try await run.finish()
        #expect(result.status == 1, "\(result.output)")
        #expect(journal.split(separator: "\n").count >= 4, "journal: \(journal)")

        let report = try String(contentsOfFile: dir + "/r.json", encoding: .utf8)
        let twin = try String(contentsOfFile: dir + "/r.json.csv", encoding: .utf8)
        let outputs = [
            "report": report, "CSV": twin, "journal": journal, "stdout": result.stdout, "stderr": result.stderr,
        ]
        for (name, text) in outputs {
            for secret in Self.secrets {
                for form in Self.forms(secret) { #expect(!text.contains(form), "\(name) holds \(form)") }
            }
        }
        // The echoes are there, redacted: the server's text is kept, not dropped.
        #expect(report.contains("Invalid request"))
        #expect(report.contains("****"))
        #expect(journal.contains("****"))
        #expect(report.contains("Rejected"))
        // Bounded: a 100 KB message is cut.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == 4)
        for entry in results {
            let errors = entry["errors"] as? [String] ?? []
            #expect(entry["status"] as? String == "failed")
            for error in errors { #expect(error.count < 700, "\(error.prefix(100))") }
        }
        #expect(report.utf8.count < 20_000)
    }

    @Test func controlCharactersFromTheServerAreShownEscaped() async throws {
        let dir = try TemporaryDirectory(prefix: "ibsources-api-cli").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hostile = "bad \u{1B}]0;pwned\u{07} \u{1B}[2J name\u{0}\r"
        let listing =
            #"[{"id":"x1","source":"term-1","source_type":"url","credentials":{"url":"https://a.example.com"}}]"#
        let server = try RawHTTPServer { request in
            if request.method == "GET" && request.path == "/v1/sources" {
                return .respond(RawHTTPServer.response(status: 200, reason: "OK", body: listing))
            }
            if request.method == "GET" {
                return .respond(
                    RawHTTPServer.response(status: 400, reason: "Bad", body: Self.json(["errors": [hostile]])))
            }
            return .respond(
                RawHTTPServer.response(status: 422, reason: "Unprocessable", body: Self.json(["errors": [hostile]])))
        }
        defer { server.stop() }
        let key = ["IMAGEBOSS_API_KEY": Self.key]
        let deleted = try await CLI.start(
            ["delete", "term-1", "--endpoint", server.baseURL, "--report", "r.json", "--yes"], environment: key,
            inheriting: false, separateErrors: true, directory: dir
        ).finish()
        #expect(deleted.status == 1, "\(deleted.output)")
        #expect(deleted.output.contains("\\u001b]0;pwned\\u0007"), "\(deleted.output)")
        let report = try String(contentsOfFile: dir + "/r.json", encoding: .utf8)
        #expect(!report.utf8.contains(0x1B))
        #expect(report.contains("\\u001b[2J"))
        // A listing refused with the same text: the error on standard error.
        let listed = try await CLI.start(
            ["export", "--endpoint", server.baseURL + "/x"], environment: key, inheriting: false, separateErrors: true,
            directory: dir
        ).finish()
        #expect(listed.status == 3, "\(listed.output)")
        #expect(listed.stderr.contains("\\u001b[2J"), "\(listed.stderr)")
        for output in [deleted.output, listed.output] {
            for byte: UInt8 in [0x1B, 0x07, 0x00, 0x0D] { #expect(!output.utf8.contains(byte), "raw \(byte) printed") }
        }
    }
}
