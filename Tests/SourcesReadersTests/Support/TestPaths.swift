import Foundation

/// Paths the reader tests use: the package root and the shared conformance data.
enum TestPaths {
    /// The package root (two levels above this test target).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `../shared/conformance/` relative to the package root.
    static let conformance = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance")

    /// A file under `samples/`.
    static func sample(_ name: String) -> String { packageRoot.appendingPathComponent("samples/\(name)").path }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ibsources-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
