import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A process a test starts and watches: the built `ibsources` (for signals, exit codes and what
/// it printed) or a server someone else wrote (nginx, Ruby's WEBrick). Its stdout and stderr go
/// to files, so a pipe that nobody reads never stalls it and a server that will not start says
/// why in the test's failure.
public final class ChildProcess: @unchecked Sendable {
    /// Why a server did not come up.
    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// The name failures use (`emulator`, `nginx`, `ibsources`).
    public let name: String
    public let process = Process()
    /// Where stdout goes (and stderr, unless ``errorPath`` is set).
    public let outputPath: String
    /// Where stderr goes, when apart from stdout.
    public let errorPath: String?
    /// True when ``finish(timeout:)`` removes the output files (made for this run alone).
    private let removesOutputFiles: Bool
    // @unchecked: the semaphore is signalled by the termination handler; the rest is let.
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `executable arguments…` in `directory`, stdout and stderr to `outputPath`
    /// (`directory/NAME.out` by default; stderr to `errorPath` instead, when given). The
    /// environment is the test's own with `environment` added, or, with `inheriting: false`,
    /// exactly `environment` plus `PATH` and `HOME` (the directory).
    public init(
        _ name: String, executable: String, arguments: [String], environment: [String: String] = [:],
        inheriting: Bool = true, outputPath: String? = nil, errorPath: String? = nil, directory: String,
        removesOutputFiles: Bool = false
    ) throws {
        self.name = name
        self.removesOutputFiles = removesOutputFiles
        let outputPath = outputPath ?? directory + "/\(name).out"
        self.outputPath = outputPath
        self.errorPath = errorPath
        for path in [outputPath] + (errorPath.map { [$0] } ?? []) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw StartFailure(description: "cannot create \(path)")
            }
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let errors = try errorPath.map { try FileHandle(forWritingTo: URL(fileURLWithPath: $0)) } ?? output
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = CLI.environment(environment, inheriting: inheriting, home: directory)
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let semaphore = finished
        process.terminationHandler = { _ in semaphore.signal() }
        try process.run()
    }

    /// What it printed so far to ``outputPath``.
    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// What it printed so far to ``errorPath`` (empty when stderr goes with stdout).
    public var errors: String {
        errorPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
    }

    /// Sends `signal` to the process.
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits (up to `timeout` seconds) for the exit; returns the status (or the signal number
    /// for a kill), or nil when it is still running.
    public func wait(timeout: Double = 120) async -> Int32? {
        await waitForExit(seconds: timeout) ? process.terminationStatus : nil
    }

    /// Waits (up to `timeout` seconds, then SIGTERM) for the exit and returns what it printed.
    public func finish(timeout: Double = 120) async throws -> CLI.Result {
        if await !waitForExit(seconds: timeout) {
            process.terminate()
            _ = await waitForExit(seconds: 10)
        }
        let result = CLI.Result(status: process.terminationStatus, stdout: output, stderr: errors)
        if removesOutputFiles {
            for path in [outputPath] + (errorPath.map { [$0] } ?? []) {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        return result
    }

    /// Waits until `ready()` holds; throws (with what it printed) when the process exits first
    /// or `timeout` seconds pass.
    public func waitUntil(timeout: Double = 20, _ ready: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if ready() { return }
            if !process.isRunning {
                throw StartFailure(
                    description:
                        "\(name) exited with status \(process.terminationStatus) before it was ready:\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw StartFailure(description: "\(name) was not ready after \(timeout) s:\n\(output)")
    }

    /// The contents of `path` once it holds a port number (written atomically by the server).
    public func waitForPortFile(_ path: String, timeout: Double = 20) async throws -> Int {
        var port: Int?
        try await waitUntil(timeout: timeout) {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            return port != nil
        }
        return port ?? 0
    }

    /// Stops it: SIGTERM (nginx, WEBrick and `serve` stop cleanly on it), then SIGKILL after
    /// two seconds. Returns once the process is gone.
    public func stop() async {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        if await waitForExit(seconds: 2) { return }
        kill(process.processIdentifier, SIGKILL)
        _ = await waitForExit(seconds: 5)
    }

    /// True once the process has exited (within `seconds`); any number of callers may wait.
    private func waitForExit(seconds: Double) async -> Bool {
        let semaphore = finished
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            DispatchQueue.global().async {
                let done = semaphore.wait(timeout: .now() + seconds) == .success
                if done { semaphore.signal() }
                continuation.resume(returning: done)
            }
        }
    }
}
