import ArgumentParser
import SourcesCore
import SourcesMigration
import SourcesReaders

/// The files some write commands take besides their input (`--secrets`, `--resume`): read
/// before anything is sent; one that cannot be read is printed and the command exits 2.
enum OptionFiles {
    /// The provider secrets of `--secrets FILE` ({SOURCE_NAME: {FIELD: VALUE}}); none without the flag.
    static func secrets(_ path: String?, environment: [String: String]) throws(ExitCode) -> [String: Credentials] {
        guard let path else { return [:] }
        do { return try SecretsFileReader.read(InputSource(argument: path), environment: environment) } catch {
            throw commandFailure("\(error); nothing was sent", status: .nothingDone)
        }
    }

    /// What the report or journal of `--resume FILE` says was already done; nil without the flag.
    static func resume(_ path: String?) throws(ExitCode) -> ResumeState? {
        guard let path else { return nil }
        do { return try ResumeState.load(path: path) } catch { throw commandFailure("\(error)", status: .nothingDone) }
    }
}
