import Foundation

/// The built `ibsources` binary that the end-to-end tests run as a user runs it.
///
/// Found once per test process, in this order:
/// 1. the folder of the running test bundle: `swift test` builds the binary there, in the
///    same configuration and scratch path as the tests (`-c release`, `--scratch-path`);
/// 2. `swift build --show-bin-path` in the package root (a test run by hand from elsewhere).
///
/// Never a hard-coded `.build/debug`, which is wrong for a release or scratch-path build.
public enum IBSourcesBinary {
    /// The binary's path; when it cannot be found, a path that does not exist and says why
    /// (the test's failure to start it then names what to do).
    public static var path: String { located.path }

    /// The binary as a file URL.
    public static var url: URL { URL(fileURLWithPath: path) }

    private static let located: URL = {
        let bundle = Bundle.main.bundleURL
        for folder in [bundle, bundle.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("ibsources")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        if let binPath = showBinPath() {
            return URL(fileURLWithPath: binPath).appendingPathComponent("ibsources")
        }
        return URL(fileURLWithPath: "/ibsources-not-built--run-swift-build-build-tests")
    }()

    /// `swift build --show-bin-path` run in the package root, or nil when it fails.
    private static func showBinPath() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "build", "--show-bin-path"]
        process.currentDirectoryURL = PackagePaths.root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.split(separator: "\n").last.map(String.init)
    }
}
