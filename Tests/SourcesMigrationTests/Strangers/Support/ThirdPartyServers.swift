import Foundation
import Testing
import TestSupport

/// Whether the third-party servers of the Strangers tests are here, and what to do when not.
///
/// `make test` installs them (the Makefile's `SERVER_PACKAGES`, Debian packages). A test
/// skips only when that install failed and said so in ``unavailableMarker``; on a machine
/// where they are simply missing, it runs and fails, saying what to install: a suite that
/// passes because its servers are absent would prove nothing.
enum ThirdPartyServers {
    static let packages = "nginx-light ruby ruby-rack ruby-rack-attack ruby-webrick ruby-activesupport"

    /// Written by `make test` when apt-get could not install ``packages`` (it holds apt's words).
    static var unavailableMarker: String { PackagePaths.file(".build/third-party-servers.unavailable").path }

    /// True unless the servers are missing AND their install is known to have failed.
    static var shouldRun: Bool {
        installed || !FileManager.default.fileExists(atPath: unavailableMarker)
    }

    /// Why the tests were skipped, for the test output.
    static var skipReason: Comment {
        let said = (try? String(contentsOfFile: unavailableMarker, encoding: .utf8)) ?? ""
        return Comment(
            rawValue: "the third-party servers (\(packages)) could not be installed: "
                + said.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static var installed: Bool {
        [NginxServer.executable, NginxServer.echoModule, RackAttackServer.executable].allSatisfy {
            FileManager.default.isExecutableFile(atPath: $0) || FileManager.default.fileExists(atPath: $0)
        }
    }

    /// Throws, naming what to install, when the servers are not installed.
    static func require() throws {
        guard installed else {
            throw ChildProcess.StartFailure(
                description: "nginx (with its echo module) or ruby is not installed: run `make test`, which installs "
                    + "\(packages) (or apt-get install them)")
        }
    }
}
