import Foundation
import SourcesAPI
import SourcesHTTP
import Testing
import TestSupport

/// One test's world: a temporary directory with a `run` folder (where `ibsources` runs and
/// writes) and a `servers` folder (the third-party servers' configurations and logs), and
/// `ibsources serve` behind whatever the test puts in front of it.
final class StrangerRig: @unchecked Sendable {
    /// What one `ibsources` command did.
    struct Run {
        var status: Int32?
        var stdout: String
        var stderr: String
        var seconds: Double
    }

    let directory: TemporaryDirectory
    let emulator: ServedEmulator
    private let lock = NSLock()
    private var stoppers: [@Sendable () async -> Void] = []

    var runDirectory: String { directory.file("run") }
    var serverDirectory: String { directory.file("servers") }

    private init(directory: TemporaryDirectory, emulator: ServedEmulator) {
        self.directory = directory
        self.emulator = emulator
    }

    /// Runs `body` with a fresh rig, and stops every server it started (whatever `body` did):
    /// no server outlives its test.
    static func with<T>(_ body: (StrangerRig) async throws -> T) async throws -> T {
        try await scoped(try await start(), shutdown: { await $0.stop() }, body)
    }

    private static func start() async throws -> StrangerRig {
        try ThirdPartyServers.require()
        let directory = try TemporaryDirectory()
        for folder in ["run", "servers"] {
            try FileManager.default.createDirectory(atPath: directory.file(folder), withIntermediateDirectories: true)
        }
        return StrangerRig(
            directory: directory, emulator: try await ServedEmulator.start(in: directory.file("servers")))
    }

    /// `path` inside the run directory.
    func file(_ name: String) -> String { runDirectory + "/" + name }

    /// Runs `ibsources arguments…` in the run directory with the emulator's key; stdout and
    /// stderr apart (stderr is where the progress and errors go, and must be scanned too).
    func ibsources(_ arguments: [String], key: String = ServedEmulator.key, timeout: Double = 120) async throws -> Run {
        let name = UUID().uuidString
        let started = Date()
        let process = try CLI.start(
            arguments, environment: [APIConfiguration.apiKeyVariable: key], outputPath: file("\(name).stdout"),
            errorPath: file("\(name).stderr"), directory: runDirectory)
        let status = await process.wait(timeout: timeout)
        if status == nil { process.send(SIGKILL) }
        let seconds = Date().timeIntervalSince(started)
        let stdout = process.output
        let stderr = (try? String(contentsOfFile: file("\(name).stderr"), encoding: .utf8)) ?? ""
        for suffix in ["stdout", "stderr"] { try? FileManager.default.removeItem(atPath: file("\(name).\(suffix)")) }
        return Run(status: status, stdout: stdout, stderr: stderr, seconds: seconds)
    }

    /// Writes `count` url sources `prefix-1`… to `in.csv`.
    func writeURLSources(_ count: Int, prefix: String) throws {
        var text = "source,source_type,url\n"
        for i in 1...count { text += "\(prefix)-\(i),url,https://img\(i).example.com/\(prefix)\n" }
        try text.write(toFile: file("in.csv"), atomically: true, encoding: .utf8)
    }

    /// The report at `path` (the run directory's), as JSON.
    func report(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: file(name)))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// nginx `limit_req` in front of the emulator (see ``RateLimiterProxy/nginx(in:emulator:rate:burst:status:)``).
    func nginx(rate: Int = 20, burst: Int = 5, status: Int? = nil) async throws -> RateLimiterProxy {
        keep(
            try await RateLimiterProxy.nginx(
                in: serverFolder("nginx"), emulator: emulator, rate: rate, burst: burst, status: status))
    }

    /// Rack::Attack in front of the emulator (see ``RateLimiterProxy/rackAttack(in:emulator:limit:period:)``).
    func rackAttack(limit: Int = 100, period: Int = 5) async throws -> RateLimiterProxy {
        keep(
            try await RateLimiterProxy.rackAttack(
                in: serverFolder("rack"), emulator: emulator, limit: limit, period: period))
    }

    /// A fresh directory for another server's files.
    func serverFolder(_ kind: String) -> String {
        serverDirectory + "/" + kind + "-" + String(lock.withLock { stoppers.count })
    }

    /// Has `stop` run when the rig stops.
    func onStop(_ stop: @escaping @Sendable () async -> Void) { lock.withLock { stoppers.append(stop) } }

    private func keep(_ limiter: RateLimiterProxy) -> RateLimiterProxy {
        onStop { await limiter.stop() }
        return limiter
    }

    private func stop() async {
        for stop in lock.withLock({ stoppers }).reversed() { await stop() }
        await emulator.stop()
        directory.remove()
    }
}
