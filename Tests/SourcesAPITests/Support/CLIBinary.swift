import Foundation

/// The built `ibsources` binary, run as a user runs it: for the client's behaviour through
/// the real command line (what reaches the report, the journal and the terminal).
enum CLIBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    /// `.build/debug/ibsources` of this package.
    static var path: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/ibsources").path
    }

    /// A fresh directory for one test's files.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "ibsources-api-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts `ibsources arguments…` in `directory` with exactly `environment` (plus PATH and HOME).
    static func start(_ arguments: [String], environment: [String: String], directory: String) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory]
        env.merge(environment) { $1 }
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let outPath = directory + "/stdout-\(UUID().uuidString).txt"
        let errPath = directory + "/stderr-\(UUID().uuidString).txt"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, outPath: outPath, errPath: errPath)
    }

    /// Runs `ibsources arguments…` to the end.
    static func run(_ arguments: [String], environment: [String: String], directory: String) async throws -> Result {
        try await start(arguments, environment: environment, directory: directory).finish()
    }

    final class Running: @unchecked Sendable {
        let process: Process
        let outPath: String
        let errPath: String

        init(process: Process, outPath: String, errPath: String) {
            self.process = process
            self.outPath = outPath
            self.errPath = errPath
        }

        /// Waits for the exit (polling, so no thread is blocked) and returns what it printed.
        func finish(timeout: Double = 120) async throws -> Result {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
            let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
            return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
        }
    }
}
