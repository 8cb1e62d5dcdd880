import Dispatch
import Foundation
import SourcesCore
import SourcesMigration

/// Ctrl-C during an import: the first SIGINT stops new requests (those in flight may
/// finish for ``grace``, then are cancelled) so that the report is written and the
/// command exits 130; a second SIGINT exits 130 at once (the journal stays valid:
/// each of its lines is written by one system call).
// @unchecked Sendable: `source` (a DispatchSourceSignal, not Sendable) is only resumed in init and
// cancelled in cancel(); everything else is in `state`.
final class ImportInterruptHandler: @unchecked Sendable {
    private struct State {
        var count = 0
        var onGraceExpired: (@Sendable () -> Void)?
        var nothingSentYet = false
    }

    private let source: any DispatchSourceSignal
    private let state = Locked(State())

    /// How long requests in flight may take after the first Ctrl-C.
    static let grace: Duration = .seconds(5)

    /// Starts handling SIGINT for `control`.
    init(control: RunControl, announce: Bool) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            guard let self else { return }
            let (n, nothingSentYet) = self.state.withLock { state in
                state.count += 1
                return (state.count, state.nothingSentYet)
            }
            if nothingSentYet {
                StandardStreams.err("\nInterrupted: nothing was sent.\n")
                _exit(ExitStatus.interrupted.rawValue)
            }
            if n >= 2 {
                StandardStreams.err("\nInterrupted again: exiting now; the journal records what was done.\n")
                _exit(ExitStatus.interrupted.rawValue)
            }
            if announce {
                StandardStreams.err(
                    "\nStopping: no new requests; waiting briefly for those in flight (Ctrl-C again to quit at once)…\n"
                )
            }
            control.requestStop()
            let expire = self.state.withLock { $0.onGraceExpired }
            Task {
                try? await Task.sleep(for: Self.grace)
                expire?()
            }
        }
        source.resume()
    }

    /// What to do when the grace period after the first Ctrl-C runs out (cancel the upload).
    func whenGraceExpires(_ body: @escaping @Sendable () -> Void) {
        state.withLock { $0.onGraceExpired = body }
    }

    /// While `body` runs (a question on the terminal), Ctrl-C exits at once: nothing was sent.
    func exitingAtOnce<T>(_ body: () -> T) -> T {
        state.withLock { $0.nothingSentYet = true }
        defer { state.withLock { $0.nothingSentYet = false } }
        return body()
    }

    /// True once Ctrl-C was pressed.
    var interrupted: Bool { state.withLock { $0.count > 0 } }

    /// Stops handling SIGINT.
    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
