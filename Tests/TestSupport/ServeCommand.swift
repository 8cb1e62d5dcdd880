import Foundation

/// `ibsources serve` started as a script starts it: port 0, the port a file, then requests.
public enum ServeCommand {
    /// Why `serve` did not come up.
    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `ibsources serve --port 0 --port-file DIR/port --api-key KEY… EXTRA…` in
    /// `directory` (under `ulimit -n descriptorLimit` when given) and waits, up to 20 s, for the
    /// port it writes. Returns the process (the caller stops it) and the port.
    public static func start(
        apiKeys: [String], extra: [String] = [], descriptorLimit: Int? = nil, in directory: URL
    ) throws -> (process: Process, port: Int) {
        let portFile = directory.appendingPathComponent("port")
        let arguments =
            ["serve", "--port", "0", "--port-file", portFile.path]
            + apiKeys.flatMap { ["--api-key", $0] } + extra
        let process = Process()
        if let descriptorLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments =
                ["-c", "ulimit -n \(descriptorLimit) && exec \"$0\" \"$@\"", IBSourcesBinary.path]
                + arguments
        } else {
            process.executableURL = IBSourcesBinary.url
            process.arguments = arguments
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, process.isRunning {
            if let text = try? String(contentsOf: portFile, encoding: .utf8),
                let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), port > 0
            {
                return (process, port)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let status = process.isRunning ? "still running" : "exited with status \(process.terminationStatus)"
        process.terminate()
        throw StartFailure(description: "ibsources serve wrote no port to \(portFile.path) within 20 s (\(status))")
    }
}
