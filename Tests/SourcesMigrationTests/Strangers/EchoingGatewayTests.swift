import Foundation
import SourcesAPI
import SourcesHTTP
import Testing
import TestSupport

/// The real client against a real server that echoes the request back in its error (nginx's
/// echo module as a debugging gateway, see ``EchoingGateway``): no secret of the record being
/// sent, and not the API key, may reach the report, its CSV twin, the journal, the backup,
/// stdout or stderr, whatever shape the echo takes.
@Suite(.serialized, .enabled(if: ThirdPartyServers.shouldRun, ThirdPartyServers.skipReason))
struct EchoingGatewayTests {
    static let key = "ibk_live_7Hq2ZmX9vR4tLp8W"
    /// One record of each kind of secret the API knows, each value unique, as long as a real one.
    static let s3Secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYq81ZEXAMPLE0"
    static let gcsSecret = "GOOGsecret4Nf8Rk2Lw9Xc3Vb7Tz1Qp6Hm5Dj0"
    static let sasToken = "sv=2022-11-02&ss=b&sig=Zx9Kq4Pw7Rt2Lm8Nb3Vc6"
    static let signingToken = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"
    static let r2Secret = "r2Sec8Hd3Jk6Lq9Wx2Zc5Vb8Nm1Tg4Yp7Rs0Ue3"
    static let secrets = [s3Secret, gcsSecret, sasToken, signingToken, r2Secret]
    /// The secret columns come first, as a file may have them: then a secret is among the first
    /// characters of the request body, where a server's echo is quoted from.
    static let input = """
        source,source_type,secret_access_key,secret,sas_token,secret_token,bucket,region,access_key_id,access_key,account_name,service_type,container_name,url,require_token
        echo-s3,s3,\(s3Secret),,,,echo-bucket,us-east-1,AKIAECHOEXAMPLE,,,,,,
        echo-gcs,gcs,,\(gcsSecret),,,echo-bucket,,,GOOGECHOEXAMPLE,,,,,
        echo-azure,azure,,,\(sasToken),,,,,,echoaccount,blob,echo-container,,
        echo-url,url,,,,\(signingToken),,,,,,,,https://echo.example.com,true
        echo-r2,r2,,\(r2Secret),,,echo-bucket,,,R2ECHOEXAMPLE,,,,,

        """

    @Test func aJSON422ThatEchoesTheRequestAsItsErrorLeaksNoSecret() async throws {
        try await importFails(through: "json", status: 422)
    }

    @Test func aText422ThatEchoesTheRequestBodyLeaksNoSecret() async throws {
        try await importFails(through: "text", status: 422)
    }

    @Test func a400ThatEchoesTheRequestHeadersAndBodyLeaksNoSecret() async throws {
        try await importFails(through: "headers", status: 400)
    }

    /// The journal is removed once the report is written: kill a run midway to read it.
    @Test func theJournalOfARunKilledMidwayHoldsNoEchoedSecret() async throws {
        try await withGateway { rig, gateway in
            let process = try CLI.start(
                [
                    "import", "in.csv", "--yes", "--concurrency", "1", "--report", "k.json", "--backup", "k-b.json",
                    "--endpoint", gateway.endpoint("slow-json"),
                ],
                environment: [APIConfiguration.apiKeyVariable: Self.key], outputPath: rig.file("k.out"),
                errorPath: rig.file("k.err"), directory: rig.runDirectory)
            // The header, then an intent and a result line for each of two records.
            let journal = rig.file("k.json.journal.jsonl")
            #expect(await Fixtures.waitForLines(journal, atLeast: 1 + 2 * 2, timeout: 30))
            process.send(SIGKILL)
            _ = await process.wait()
            let text = try String(contentsOfFile: journal, encoding: .utf8)
            #expect(text.contains("failed"), "\(text)")
            try expectNoSecret(in: ["k.json.journal.jsonl": text])
        }
    }

    /// Imports the five records through the gateway's `style` and checks that each failed with
    /// the gateway's `status`, and that nothing the run wrote or printed holds a secret.
    private func importFails(through style: String, status: Int) async throws {
        try await withGateway { rig, gateway in
            let run = try await rig.ibsources(
                [
                    "import", "in.csv", "--yes", "--verbose", "--report", "r.json", "--backup", "b.json", "--endpoint",
                    gateway.endpoint(style),
                ],
                key: Self.key)
            #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
            let results = try rig.report("r.json")["results"] as? [[String: Any]] ?? []
            #expect(results.count == 5)
            for result in results {
                #expect(result["status"] as? String == "failed")
                #expect(result["http_status"] as? Int == status, "\(result)")
                #expect((result["errors"] as? [String])?.isEmpty == false, "\(result)")
            }
            print("strangers: echo \(style): the report says \(results.first?["errors"] ?? "")")
            var outputs = ["stdout": run.stdout, "stderr": run.stderr]
            for name in try FileManager.default.contentsOfDirectory(atPath: rig.runDirectory) where name != "in.csv" {
                outputs[name] = try String(contentsOfFile: rig.file(name), encoding: .utf8)
            }
            // The report's CSV twin is among them (whatever its name).
            #expect(outputs.keys.contains { $0.hasSuffix(".csv") })
            try expectNoSecret(in: outputs)
        }
    }

    /// Starts the gateway, writes the input, checks that the gateway does echo the secrets and
    /// the key (else the test would prove nothing), then runs `body`.
    private func withGateway(_ body: (StrangerRig, EchoingGateway) async throws -> Void) async throws {
        try await StrangerRig.with { rig in
            let gateway = try await EchoingGateway.start(in: rig.serverFolder("echo"))
            rig.onStop { await gateway.stop() }
            try Self.input.write(toFile: rig.file("in.csv"), atomically: true, encoding: .utf8)
            let probe = #"{"source":{"source":"probe","credential_attributes":{"secret":"\#(Self.gcsSecret)"}}}"#
            #expect(try gateway.answer("json", body: probe, key: Self.key).contains(Self.gcsSecret))
            #expect(try gateway.answer("text", body: probe, key: Self.key).contains(Self.gcsSecret))
            let headers = try gateway.answer("headers", body: probe, key: Self.key)
            #expect(headers.contains("imageboss-api-key: \(Self.key)") && headers.contains(Self.gcsSecret))
            try await body(rig, gateway)
        }
    }

    /// No secret, nor any 8 characters of one (a quote cut short still gives a secret away),
    /// in any of `outputs`.
    private func expectNoSecret(in outputs: [String: String]) throws {
        for (name, text) in outputs.sorted(by: { $0.key < $1.key }) {
            for secret in Self.secrets + [Self.key] {
                let characters = Array(secret)
                let pieces = (0...(characters.count - 8)).map { String(characters[$0..<($0 + 8)]) }
                if let piece = pieces.first(where: { text.contains($0) }) {
                    let what = text.contains(secret) ? "the secret" : "\(piece), a piece of the secret"
                    Issue.record("\(name) holds \(what) \(secret): \(excerpt(text, around: piece))")
                }
            }
        }
    }

    private func excerpt(_ text: String, around piece: String) -> String {
        guard let range = text.range(of: piece) else { return "" }
        let start = text.index(range.lowerBound, offsetBy: -80, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(range.upperBound, offsetBy: 40, limitedBy: text.endIndex) ?? text.endIndex
        return String(text[start..<end])
    }
}
