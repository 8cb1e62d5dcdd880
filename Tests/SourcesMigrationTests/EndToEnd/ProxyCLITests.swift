import Foundation
import SourcesAPI
import SourcesHTTP
import Testing
import TestSupport

/// The built binary reads the proxy variables of its environment, and never prints the proxy's
/// credentials (the client's behaviour through a real proxy is SourcesClientProxyTests').
@Suite struct ProxyCLITests {
    private func run(_ arguments: [String], environment: [String: String]) async throws -> (Int32?, String) {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try "source,source_type,url\np-1,url,https://p.example.com\n"
            .write(toFile: directory.file("in.csv"), atomically: true, encoding: .utf8)
        let process = try CLI.start(
            arguments,
            environment: environment.merging([
                APIConfiguration.apiKeyVariable: "proxy-cli-key", "NO_PROXY": "", "no_proxy": "",
            ]) { $1 },
            outputPath: directory.file("out.txt"), directory: directory.path)
        let status = await process.wait()
        return (status, process.output)
    }

    @Test func anUnreachableProxyIsNamedWithoutItsCredentials() async throws {
        // Nothing listens on port 1 of loopback: the connection to the proxy is refused at once.
        let (status, output) = try await run(
            ["import", "in.csv", "--endpoint", "https://api.test/v1", "--max-retries", "0", "--report", "r.json"],
            environment: ["HTTPS_PROXY": "http://jane:Pr0xySecret@127.0.0.1:1", "https_proxy": ""])
        #expect(status == 3, "\(output)")
        #expect(output.contains("connection refused"), "\(output)")
        #expect(output.contains("the proxy http://****@127.0.0.1:1 of HTTPS_PROXY"), "\(output)")
        #expect(!output.contains("Pr0xySecret"))
        #expect(!output.contains("jane"))
    }

    @Test func anUnusableProxyStopsBeforeAnythingIsSent() async throws {
        let (status, output) = try await run(
            ["plan", "in.csv", "--endpoint", "https://api.test/v1"],
            environment: ["https_proxy": "socks5://jane:Pr0xySecret@proxy.corp:1080"])
        #expect(status == 1, "\(output)")
        #expect(output.contains("https_proxy='socks5://****@proxy.corp:1080' cannot be used as a proxy"), "\(output)")
        #expect(!output.contains("Pr0xySecret"))
        let (exportStatus, exportOutput) = try await run(
            ["export", "--endpoint", "https://api.test/v1"],
            environment: ["HTTPS_PROXY": "https://jane:Pr0xySecret@proxy.corp:443", "https_proxy": ""])
        #expect(exportStatus == 2, "\(exportOutput)")
        #expect(exportOutput.contains("https://"), "\(exportOutput)")
        #expect(!exportOutput.contains("Pr0xySecret"))
    }
}
