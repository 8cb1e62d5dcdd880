import ArgumentParser

/// What the commands that write through the import engine print, for people and for scripts:
/// shared by `import`, `restore`, `rollback` and `delete` (through ``WriteOptions``).
struct RunOutputOptions: ParsableArguments {
    @Option(
        name: .customLong("output"),
        help: """
            text; json (one summary object on stdout at the end); jsonl (a JSON line per record as it \
            finishes, then the summary line). With json and jsonl, stdout holds only JSON: the plan goes to stderr.
            """)
    var format: RunOutputFormat = .text

    @Flag(
        name: .customLong("detailed-exitcode"),
        help: "With --dry-run: exit 0 when there is nothing to do, 2 when there are changes, 1 on any error.")
    var detailedExitCode = false

    @Flag(
        name: .shortAndLong,
        help: "Name each source as it is created, updated, deleted or fails (stdout; stderr with --output json/jsonl).")
    var verbose = false

    @Option(
        name: .customLong("progress-interval"),
        help: "When stderr is not a terminal, print a plain progress line every this many seconds (0: none).")
    var progressInterval: Double = 10

    func validate() throws {
        guard progressInterval.isFinite, progressInterval >= 0 else {
            throw ValidationError("--progress-interval must be zero (no progress lines) or a number of seconds.")
        }
        if progressInterval > 0 && progressInterval < 0.1 {
            throw ValidationError("--progress-interval must be at least 0.1 seconds (or 0 for none).")
        }
    }
}

/// How a write command prints its result.
enum RunOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl

    /// True when stdout carries JSON only.
    var isJSON: Bool { self != .text }
}

/// How a write command shows its progress on stderr.
enum ProgressMode: Equatable {
    /// Nothing (`--quiet`, or `--progress-interval 0` off a terminal).
    case none
    /// The line redrawn in place on a terminal.
    case live
    /// A plain line (no carriage return, no escape sequence) every so often: for logs and CI.
    case every(Duration)
}
