import Foundation
import SourcesCore

/// The seed of a test that feeds random bytes: fresh each run (so runs keep exploring), printed
/// so that a failure can be replayed, and fixed by `IBSOURCES_TEST_SEED=N` to replay it.
public enum TestSeed {
    /// The environment variable that fixes the seed.
    public static let variable = "IBSOURCES_TEST_SEED"

    /// A generator for the test named `test`, its seed printed as
    /// `seed N for TEST (replay: IBSOURCES_TEST_SEED=N swift test --filter TEST)`.
    public static func generator(for test: String = #function) -> SplitMix64 {
        let seed =
            ProcessInfo.processInfo.environment[variable].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        let name = test.hasSuffix("()") ? String(test.dropLast(2)) : test
        print("seed \(seed) for \(name) (replay: \(variable)=\(seed) swift test --filter \(name))")
        return SplitMix64(seed: seed)
    }

    /// `count` bytes from `generator`.
    public static func bytes(_ count: Int, using generator: inout SplitMix64) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
