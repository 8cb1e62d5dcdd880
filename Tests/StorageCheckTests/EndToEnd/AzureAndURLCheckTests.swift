import Foundation
import TestSupport
import Testing

/// `ibsources check` on a file of azure and url sources, against local servers that answer
/// as Azure Storage and web origins do.
@Suite struct AzureAndURLCheckTests {
    /// The diagnostics of `check --output json`, by source name: (code, line, message).
    static func results(_ json: String) throws -> [String: (code: String, line: Int?, message: String)] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        var out: [String: (code: String, line: Int?, message: String)] = [:]
        for item in diagnostics {
            guard let source = item["source"] as? String, let code = item["code"] as? String, code.hasPrefix("check-")
            else {
                continue
            }
            out[source] = (code, item["line"] as? Int, item["message"] as? String ?? "")
        }
        return out
    }

    @Test func azureAValidAnExpiredAndAMissingContainerAndShare() async throws {
        let azure = try await FakeProvider.start { FakeAzure.answer($0) }
        let directory = try TemporaryDirectory(prefix: "ibsources-check").url
        let valid = FakeAzure.token(expiry: Date().addingTimeInterval(86_400))
        let expired = FakeAzure.token(expiry: Date().addingTimeInterval(-86_400))
        let listless = FakeAzure.token(expiry: Date().addingTimeInterval(86_400), permissions: "r")
        let forged = FakeAzure.token(expiry: Date().addingTimeInterval(86_400), signature: "forged+signature==")
        let yaml = """
            - {source: good, source_type: azure, account_name: acme, service_type: blob, container_name: images, sas_token: "\(valid)"}
            - {source: expired, source_type: azure, account_name: acme, service_type: blob, container_name: images, sas_token: "\(expired)"}
            - {source: missing, source_type: azure, account_name: acme, service_type: blob, container_name: nothing, sas_token: "\(valid)"}
            - {source: share, source_type: azure, account_name: acme, service_type: file-share, share_name: media, sas_token: "\(valid)"}
            - {source: no-share, source_type: azure, account_name: acme, service_type: file-share, share_name: gone, sas_token: "\(valid)"}
            - {source: listless, source_type: azure, account_name: acme, service_type: blob, container_name: images, sas_token: "\(listless)"}
            - {source: forged, source_type: azure, account_name: acme, service_type: blob, container_name: images, sas_token: "?\(forged)"}

            """
        try yaml.write(to: directory.appendingPathComponent("azure.yaml"), atomically: true, encoding: .utf8)
        let run = try CLI.run(
            ["check", "azure.yaml", "--storage-endpoint", "azure=\(azure.baseURL)", "--output", "json"],
            directory: directory)
        let text = try CLI.run(
            ["check", "azure.yaml", "--storage-endpoint", "azure=\(azure.baseURL)"], directory: directory)
        await azure.stop()
        try? FileManager.default.removeItem(at: directory)

        #expect(run.status == 1, "\(run.stderr)")
        let results = try Self.results(run.stdout)
        #expect(results["good"]?.code == "check-ok")
        #expect(results["share"]?.code == "check-ok")
        #expect(results["expired"]?.code == "check-denied")
        #expect(results["expired"]?.message.contains("the SAS token has expired") == true)
        #expect(results["expired"]?.message.contains("Signed expiry time [") == true)
        #expect(results["missing"]?.code == "check-no-such-bucket")
        #expect(results["missing"]?.message.contains("ContainerNotFound") == true)
        #expect(results["no-share"]?.code == "check-no-such-bucket")
        #expect(results["listless"]?.code == "check-denied")
        #expect(results["listless"]?.message.contains("AuthorizationPermissionMismatch") == true)
        #expect(results["forged"]?.code == "check-denied")
        #expect(results["expired"]?.line == 2)
        // Every SAS token's signature stays out of every output.
        for output in [run.stdout, run.stderr, text.stdout, text.stderr] {
            #expect(
                !output.contains("k8Jb3vLq") && !output.contains("forged+signature") && !output.contains("forged%2B"))
        }
        #expect(text.stdout.contains("azure.yaml:2:"))
        #expect(text.stdout.contains("error[check-denied]: source 'expired': the SAS token has expired"))
        #expect(text.stdout.hasSuffix("7 sources checked: 2 ok, 3 denied, 2 no-such-bucket\n"))
    }

    @Test func urlAReachableAnUnreachableAHEADlessAndALockedOrigin() async throws {
        let origin = try await FakeProvider.start { request in
            switch request.path {
            case "/locked/": FakeProvider.Answer(status: 401, headers: [("WWW-Authenticate", "Basic")])
            case "/nohead/": FakeProvider.Answer(status: request.method == "HEAD" ? 405 : 206)
            default: FakeProvider.Answer(status: 200)
            }
        }
        let closed = try await closedPort()
        let directory = try TemporaryDirectory(prefix: "ibsources-check").url
        let csv = """
            source,source_type,url
            up,url,\(origin.baseURL)/images/
            down,url,http://127.0.0.1:\(closed)/images/
            nohead,url,\(origin.baseURL)/nohead/
            locked,url,\(origin.baseURL)/locked/

            """
        try csv.write(to: directory.appendingPathComponent("web.csv"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["check", "web.csv", "--output", "json", "--timeout", "5"], directory: directory)
        await origin.stop()
        try? FileManager.default.removeItem(at: directory)

        #expect(run.status == 1, "\(run.stderr)")
        let results = try Self.results(run.stdout)
        #expect(results["up"]?.code == "check-ok")
        #expect(results["down"]?.code == "check-unreachable")
        #expect(results["down"]?.message.contains("refused the connection") == true)
        #expect(results["nohead"]?.code == "check-ok")
        #expect(results["locked"]?.code == "check-denied")
        let methods = origin.received.filter { $0.path == "/nohead/" }.map(\.method)
        #expect(methods == ["HEAD", "GET"])
        #expect(origin.received.first { $0.method == "GET" }?.headers["range"] == "bytes=0-0")
    }
}
