import Foundation

/// Where things are in this package, for every test target: the one walk up from `#filePath`
/// (this file is `Tests/TestSupport/PackagePaths.swift`), so that moving a test file never
/// breaks a path.
public enum PackagePaths {
    /// The package root (the folder that holds `Package.swift`).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file or folder under the package root (`samples/demo.env`, `bench/floor`).
    public static func file(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// A file under `samples/`, as a path.
    public static func sample(_ name: String) -> String { file("samples/\(name)").path }

    /// `../shared/conformance/`: test data others wrote (csv-spectrum, yaml-test-suite).
    public static let conformance = root.deletingLastPathComponent().appendingPathComponent("shared/conformance")

    /// `../shared/seed/sources-api.txt`: the API's description.
    public static let seed = root.deletingLastPathComponent().appendingPathComponent("shared/seed/sources-api.txt")

    /// The demo's fake provider secrets (`samples/demo.env`: `NAME=value` or `NAME='value'`
    /// lines), the environment the samples' `${…}` references expect.
    public static let sampleEnvironment: [String: String] = {
        var environment: [String: String] = [:]
        let text = (try? String(contentsOfFile: sample("demo.env"), encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            var value = String(line[line.index(after: eq)...])
            if value.hasPrefix("'"), value.hasSuffix("'") { value = String(value.dropFirst().dropLast()) }
            environment[String(line[..<eq])] = value
        }
        return environment
    }()
}
