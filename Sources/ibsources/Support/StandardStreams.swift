import Foundation
import SourcesCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every byte the CLI writes to standard output and standard error goes through here,
/// with `write(2)`, never `FileHandle.write` (which traps when the reader has gone).
///
/// - A closed pipe: SIGPIPE is ignored for the whole process (SwiftNIO ignores it as soon as
///   it opens a socket anyway, so it is decided once, here). When standard output's reader
///   goes away (`ibsources export | head -1`) the command ends at once, as the Unix tools do:
///   it is killed by SIGPIPE, which a shell reports as status 141; no message, no backtrace.
///   During a write run (``deferringPipeExit(_:)``) that waits until the run has written its
///   report. A closed standard error is ignored: a migration does not stop because its log went away.
/// - Control characters in messages (from input files or from a server) are shown escaped
///   (``ControlCharacters``); data (`export`, `convert` to standard output) is written as it is
///   unless standard output is a terminal.
enum StandardStreams {
    /// Writes the message `text` to standard output, control characters escaped.
    static func out(_ text: String) {
        write(ControlCharacters.escaped(text, keepingLines: true), to: STDOUT_FILENO)
    }

    /// Writes the data `text` (an export, a conversion) to standard output: byte for byte into
    /// a file or a pipe; with control characters escaped on a terminal.
    static func data(_ text: String) {
        write(
            stdoutIsTerminal ? ControlCharacters.escaped(text, keepingLines: true, keepingCRLF: true) : text,
            to: STDOUT_FILENO)
    }

    /// Writes the message `text` to standard error, control characters escaped.
    static func err(_ text: String) {
        write(ControlCharacters.escaped(text, keepingLines: true), to: STDERR_FILENO)
    }

    /// Writes the one-line notice `text` to standard error, on a line of its own (clearing a
    /// progress line first when standard error is a terminal).
    static func notice(_ text: String) {
        if stderrIsTerminal { errRaw("\r\u{1B}[2K") }
        err(text + "\n")
    }

    /// Writes `text` to standard error as it is: for the progress line's own terminal sequences.
    static func errRaw(_ text: String) {
        write(text, to: STDERR_FILENO)
    }

    /// True when standard error is a terminal (for progress lines and questions).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// True when standard input is a terminal.
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// True when standard output is a terminal.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Ignores SIGPIPE for the process: a write to a closed pipe or socket fails with EPIPE,
    /// which each writer handles. Called first thing in `main`.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Runs `body` (a write run: journal, writes, report) with the exit for a closed standard
    /// output held back until it returns, so that the report is always written whole.
    static func deferringPipeExit<T>(_ body: () async -> T) async -> T {
        pipeState.withLock { $0.deferring += 1 }
        let result = await body()
        let exitNow = pipeState.withLock { state in
            state.deferring -= 1
            return state.deferring == 0 && state.closed
        }
        if exitNow { endForClosedPipe() }
        return result
    }

    // MARK: - Writing

    private struct PipeState {
        var deferring = 0
        var closed = false
    }

    private static let pipeState = Locked(PipeState())
    private static let writeLock = Locked(())

    private static func write(_ text: String, to fd: Int32) {
        var text = text
        let failure: Int32? = writeLock.withLock { _ in
            text.withUTF8 { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = systemWrite(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                    if n >= 0 {
                        offset += n
                        continue
                    }
                    switch errno {
                    case EINTR: continue
                    case EAGAIN:
                        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                        _ = poll(&poller, 1, 1000)
                    default: return errno
                    }
                }
                return nil
            }
        }
        guard let failure, fd == STDOUT_FILENO, failure == EPIPE else { return }
        let exitNow = pipeState.withLock { state in
            state.closed = true
            return state.deferring == 0
        }
        if exitNow { endForClosedPipe() }
    }

    /// Ends the process as a Unix tool ends when its reader goes away: killed by SIGPIPE
    /// (status 141 in a shell).
    private static func endForClosedPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        _exit(ExitStatus.outputClosed.rawValue)  // 128 + SIGPIPE, as a shell reports it
    }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafePointer<UInt8>?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
