import Foundation

/// Runs the built `ibsources` (``IBSourcesBinary``) the way a user does, for every test target:
/// to the end with what it printed (``run(_:stdin:environment:inheriting:directory:)``), or
/// started and watched (``start(_:environment:inheriting:outputPath:errorPath:separateErrors:directory:)``).
public enum CLI {
    /// How a run ended and what it printed.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// stdout then stderr.
        public var output: String { stdout + stderr }

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// Variables of the developer's shell that would change what the binary does (the demo's
    /// `DEMO_*` and the R2 account the storage check reads) are never passed on.
    static func inheritedEnvironment() -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DEMO_") && $0.key != "R2_ACCOUNT_ID" }
    }

    /// The environment of a child: inherited with `environment` added, or exactly `environment`
    /// plus `PATH` and `HOME`.
    static func environment(_ environment: [String: String], inheriting: Bool, home: String) -> [String: String] {
        var base =
            inheriting
            ? inheritedEnvironment()
            : ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home]
        base.merge(environment) { $1 }
        return base
    }

    /// Runs `ibsources arguments…` in `directory` to the end, with `stdin` as its input (none by
    /// default), and returns what it printed. Both pipes are read at once, so a full stderr
    /// never stalls stdout.
    public static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], inheriting: Bool = true,
        directory: String = PackagePaths.root.path
    ) throws -> Result {
        let process = Process()
        process.executableURL = IBSourcesBinary.url
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = Self.environment(environment, inheriting: inheriting, home: directory)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = stdin.map { _ in Pipe() }
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()
        let errorData = ErrorCollector()
        let done = DispatchSemaphore(value: 0)
        Thread {
            errorData.data = err.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }.start()
        if let input, let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errorData.data, as: UTF8.self))
    }

    /// Starts `ibsources arguments…` in `directory`: stdout (and stderr, unless `errorPath` is
    /// given) to `outputPath`. Without `outputPath`, to fresh files in `directory` (stderr to a
    /// file of its own with `separateErrors`) that ``ChildProcess/finish(timeout:)`` removes.
    public static func start(
        _ arguments: [String], environment: [String: String] = [:], inheriting: Bool = true,
        outputPath: String? = nil, errorPath: String? = nil, separateErrors: Bool = false, directory: String
    ) throws -> ChildProcess {
        let fresh = outputPath == nil
        return try ChildProcess(
            "ibsources", executable: IBSourcesBinary.path, arguments: arguments, environment: environment,
            inheriting: inheriting, outputPath: outputPath ?? directory + "/stdout-\(UUID().uuidString).txt",
            errorPath: errorPath ?? (fresh && separateErrors ? directory + "/stderr-\(UUID().uuidString).txt" : nil),
            directory: directory, removesOutputFiles: fresh)
    }

    /// ``run(_:stdin:environment:inheriting:directory:)`` in a directory given as a URL.
    public static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], inheriting: Bool = true,
        directory: URL
    ) throws -> Result {
        try run(arguments, stdin: stdin, environment: environment, inheriting: inheriting, directory: directory.path)
    }

    /// stderr's bytes, written by the reading thread before it signals and read after the wait.
    private final class ErrorCollector: @unchecked Sendable {
        // @unchecked: one write, then one read after a semaphore orders them.
        var data = Data()
    }
}
