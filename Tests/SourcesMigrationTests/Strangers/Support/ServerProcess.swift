import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A server that someone else wrote (nginx, Ruby's WEBrick, the built `ibsources serve`), run
/// as a child process of the test: stdout and stderr go to files in its directory, so that a
/// server that will not start says why in the test's failure.
final class ServerProcess: @unchecked Sendable {
    /// Why a server did not come up.
    struct StartFailure: Error, CustomStringConvertible {
        let description: String
    }

    let name: String
    let process = Process()
    let logPath: String
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `executable arguments…` in `directory` with `environment` added to the test's own.
    init(
        _ name: String, executable: String, arguments: [String], environment: [String: String] = [:],
        directory: String
    ) throws {
        self.name = name
        logPath = directory + "/\(name).out"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw StartFailure(description: "cannot create \(logPath)")
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        let semaphore = finished
        process.terminationHandler = { _ in semaphore.signal() }
        try process.run()
    }

    /// What the server printed so far.
    var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits until `ready()` holds; throws (with the server's output) when the process exits
    /// first or `timeout` seconds pass.
    func waitUntil(timeout: Double = 20, _ ready: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if ready() { return }
            if !process.isRunning {
                throw StartFailure(
                    description: "\(name) exited with status \(process.terminationStatus) before it was ready:\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw StartFailure(description: "\(name) was not ready after \(timeout) s:\n\(output)")
    }

    /// The contents of `path` once it holds a port number (written atomically by the server).
    func waitForPortFile(_ path: String, timeout: Double = 20) async throws -> Int {
        var port: Int?
        try await waitUntil(timeout: timeout) {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            return port != nil
        }
        return port ?? 0
    }

    /// Stops the server: SIGTERM (nginx, WEBrick and `serve` stop cleanly on it), then SIGKILL
    /// after two seconds. Returns once the process is gone.
    func stop() async {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        if await waitForExit(seconds: 2) { return }
        kill(process.processIdentifier, SIGKILL)
        _ = await waitForExit(seconds: 5)
    }

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

    /// A loopback port that nothing listens on right now (for servers that cannot bind port 0
    /// themselves and report the port, as nginx cannot: its `listen` refuses port 0). The port
    /// is free when this returns; the caller retries on "Address already in use" for the rare
    /// case that another process took it in between.
    static func freeLoopbackPort() throws -> Int {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw POSIXError(.EIO) }
        return Int(UInt16(bigEndian: actual.sin_port))
    }
}
