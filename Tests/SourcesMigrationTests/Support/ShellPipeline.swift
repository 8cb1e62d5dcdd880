import Foundation
import TestSupport

/// Runs the built `ibsources` in a real bash pipeline, the way a user types it
/// (`ibsources export | head -1`), and reports what the shell saw.
enum ShellPipeline {
    struct Result {
        /// `${PIPESTATUS[0]}`: ibsources' status as the shell reports it (141 when killed by SIGPIPE).
        var status: Int32
        /// What ibsources wrote to standard error.
        var stderr: String
    }

    /// Runs `ibsources arguments… 2>stderr | reader` in `directory` with `environment` added.
    static func run(
        _ arguments: [String], into reader: String = "head -1 >/dev/null", environment: [String: String] = [:],
        directory: String
    ) throws -> Result {
        let errorFile = directory + "/pipe-stderr-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: errorFile) }
        let script = #""$IBS_BIN" "$@" 2>"$IBS_ERR" | "# + reader + #"; echo "${PIPESTATUS[0]}""#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script, "bash"] + arguments
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["IBS_BIN"] = IBSourcesBinary.path
        env["IBS_ERR"] = errorFile
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let status = Int32(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        let stderr = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
        return Result(status: status, stderr: stderr)
    }

    /// How many bytes `ibsources arguments…` writes to standard output when nobody closes it.
    static func outputSize(_ arguments: [String], environment: [String: String] = [:], directory: String) throws -> Int
    {
        let sizeFile = directory + "/pipe-size-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: sizeFile) }
        _ = try run(arguments, into: "wc -c >\"\(sizeFile)\"", environment: environment, directory: directory)
        let text = (try? String(contentsOfFile: sizeFile, encoding: .utf8)) ?? ""
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Words that only a crash prints.
    static let crashMarkers = [
        "Fatal error", "fatal error", "Backtrace", "backtrace", "Crash", "Illegal instruction",
        "Broken pipe", "try!", "Current stack trace", "Stack dump",
    ]
}
