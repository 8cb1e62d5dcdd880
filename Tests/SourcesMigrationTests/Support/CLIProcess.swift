import Foundation

/// The built `ibsources` binary, run as a child process (for signals and exit codes).
final class CLIProcess: @unchecked Sendable {
    /// `.build/debug/ibsources` of this package.
    static var binary: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/ibsources").path
    }

    let process = Process()
    let outputPath: String
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `ibsources arguments…` with `environment` added, stdout and stderr to `outputPath`
    /// (stderr to `errorPath` instead, when given).
    init(
        _ arguments: [String], environment: [String: String], outputPath: String, errorPath: String? = nil,
        directory: String
    ) throws {
        self.outputPath = outputPath
        for path in [outputPath] + (errorPath.map { [$0] } ?? []) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let errors = try errorPath.map { try FileHandle(forWritingTo: URL(fileURLWithPath: $0)) } ?? output
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let semaphore = finished
        process.terminationHandler = { _ in semaphore.signal() }
        try process.run()
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits (up to `timeout`) for the exit; returns the status (or the signal number for a kill).
    func wait(timeout: Double = 120) async -> Int32? {
        let semaphore = finished
        let done = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            DispatchQueue.global().async {
                continuation.resume(returning: semaphore.wait(timeout: .now() + timeout) == .success)
            }
        }
        return done ? process.terminationStatus : nil
    }

    /// What it printed.
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

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

    /// A CSV input with `count` sources (`prefix-1`…), alternately S3 and URL.
    static func writeCSV(_ path: String, count: Int, prefix: String, secret: String) throws {
        var text = "source,source_type,bucket,region,access_key_id,secret_access_key,url\n"
        for i in 1...count {
            text += i % 2 == 0 ? "\(prefix)-\(i),url,,,,,https://img\(i).example.com\n"
                : "\(prefix)-\(i),s3,bucket-\(i),us-east-1,AKIAEXAMPLE,\(secret)\(i),\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
