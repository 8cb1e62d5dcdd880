import Foundation
import TestSupport

/// The Python the tests use for independent tools (botocore's signer, moto's S3 server):
/// the test virtual environment `make test` creates (`.venv-test/`), else `python3` on PATH.
/// Tests that need it are skipped, with ``missingMessage``, only when there is no Python.
enum PythonTools {
    static let interpreter: URL? = {
        let venv = PackagePaths.file(".venv-test/bin/python")
        if FileManager.default.isExecutableFile(atPath: venv.path) { return venv }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    static var available: Bool { interpreter != nil }

    static let missingMessage =
        "Python 3 is missing (no .venv-test/bin/python, no python3 on PATH): the botocore and moto tests need it; "
        + "`make test` creates .venv-test with them"

    /// A script of this test target's `Support` folder.
    static func script(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Runs `script` with `arguments`, feeds it `input`, and returns what it printed; throws
    /// (with its standard error) when it fails.
    static func run(_ script: String, arguments: [String] = [], input: String) throws -> String {
        guard let interpreter else { throw Failure(message: missingMessage) }
        let process = Process()
        process.executableURL = interpreter
        process.arguments = [self.script(script).path] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Write from another thread: a large input must not deadlock against a full output pipe.
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                message: "\(script) exited \(process.terminationStatus) (missing module? run `make test-venv`): "
                    + String(decoding: err, as: UTF8.self))
        }
        return String(decoding: out, as: UTF8.self)
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
