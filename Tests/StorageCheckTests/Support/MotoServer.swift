import Foundation
import TestSupport

/// moto's S3 server (a real third-party implementation that verifies Signature Version 4),
/// started by `moto_fixture.py` on a free port with every request after its set-up
/// authenticated. Stop it with ``stop()`` (it also stops when this process ends: it serves
/// until its standard input closes).
final class MotoServer: @unchecked Sendable {
    struct Key: Decodable {
        var id: String
        var secret: String
        init(from decoder: any Decoder) throws {
            var pair = try decoder.unkeyedContainer()
            id = try pair.decode(String.self)
            secret = try pair.decode(String.self)
        }
    }

    private struct Banner: Decodable {
        var port: Int
        var reader: Key
        var stranger: Key
    }

    let port: Int
    /// A key whose user may do anything in S3.
    let reader: Key
    /// A valid key whose user has no permission at all.
    let stranger: Key
    private let process: Process
    private let input: Pipe

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts moto with `buckets` created.
    init(buckets: [String]) throws {
        guard let python = PythonTools.interpreter else {
            throw PythonTools.Failure(message: PythonTools.missingMessage)
        }
        let process = Process()
        process.executableURL = python
        process.arguments = [PythonTools.script("moto_fixture.py").path] + buckets
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line += byte
        }
        guard let banner = try? JSONDecoder().decode(Banner.self, from: line) else {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            throw PythonTools.Failure(
                message: "moto did not start (exit \(process.terminationStatus)); run `make test-venv` to install it")
        }
        self.process = process
        self.input = input
        port = banner.port
        reader = banner.reader
        stranger = banner.stranger
    }

    /// Stops the server and waits for its process (at most 5 s, then kills it).
    func stop() {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
