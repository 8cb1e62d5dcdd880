import Foundation
import SourcesAPI
import SourcesHTTP
import SourcesCore
import SourcesEmulator
import TestSupport

/// `ibsources serve --port 0 --port-file F --api-key K`, the built binary as a user starts it,
/// behind the third-party servers of these tests; read straight (never through the limiter)
/// to check what the account holds.
final class ServedEmulator: Sendable {
    static let key = "strangers-api-key-7Qx2"
    let server: ChildProcess
    let port: Int
    private let client: SourcesClient

    private init(server: ChildProcess, port: Int, client: SourcesClient) {
        self.server = server
        self.port = port
        self.client = client
    }

    /// Starts the emulator with its files in `directory`.
    static func start(in directory: String) async throws -> ServedEmulator {
        let portFile = directory + "/emulator.port"
        let server = try ChildProcess(
            "emulator", executable: IBSourcesBinary.path,
            arguments: ["serve", "--port", "0", "--port-file", portFile, "--api-key", key], directory: directory)
        let port: Int
        do { port = try await server.waitForPortFile(portFile) } catch {
            await server.stop()
            throw error
        }
        let api = try APIConfiguration.resolve(
            endpoint: "http://127.0.0.1:\(port)/v1", apiKeyFile: nil, allowHTTP: false,
            environment: [APIConfiguration.apiKeyVariable: key])
        return ServedEmulator(
            server: server, port: port, client: SourcesClient(configuration: api, maximumConnections: 2))
    }

    /// The API's base URL on the emulator itself.
    var endpoint: String { "http://127.0.0.1:\(port)/v1" }

    /// The account as the emulator lists it, asked directly.
    func account() async throws -> [Source] { try await client.list().body }

    /// What the emulator saw (`GET /_emulator/stats`, fetched with curl).
    func stats() throws -> EmulatorStats {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-sSf", "--max-time", "10", "http://127.0.0.1:\(port)/_emulator/stats"]
        let pipe = Pipe()
        curl.standardOutput = pipe
        try curl.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        return try JSONDecoder().decode(EmulatorStats.self, from: data)
    }

    func stop() async {
        await client.shutdown()
        await server.stop()
    }
}
