import Foundation
import TestSupport

/// The command tests run the binary from the package root with the demo's fake provider
/// secrets in the environment (what the samples' `${…}` references name).
extension CLI {
    /// ``CLI/run(_:stdin:environment:inheriting:directory:)`` with `environment` defaulting to
    /// ``PackagePaths/sampleEnvironment`` and `directory` to the package root.
    static func runWithDemoSecrets(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = PackagePaths.sampleEnvironment,
        directory: URL = PackagePaths.root
    ) throws -> Result {
        try run(arguments, stdin: stdin, environment: environment, directory: directory)
    }
}
