import Foundation
import SourcesAPI
import SourcesCore
import SourcesMigration

/// The progress of a run on stderr: done/total, created/updated/failed, the rate achieved,
/// time spent waiting on rate limits, ETA.
///
/// On a terminal the line is redrawn in place every quarter second. Elsewhere (a log file, CI)
/// nothing can be redrawn, so a plain line (no carriage return, no escape sequence) is printed
/// every interval, as rclone's `--stats` does: a long run is never silent.
final class ImportProgressLine: Sendable {
    private let progress: UploadProgress
    private let governor: RateGovernor
    private let mode: ProgressMode
    private let task = Locked<Task<Void, Never>?>(nil)
    private let started = ContinuousClock.now

    init(progress: UploadProgress, governor: RateGovernor, mode: ProgressMode) {
        self.progress = progress
        self.governor = governor
        self.mode = mode
    }

    /// Starts redrawing (or printing every interval).
    func start() {
        let running: Task<Void, Never>
        switch mode {
        case .none: return
        case .live:
            running = Task { [progress, governor, started] in
                while !Task.isCancelled {
                    let line = Self.render(
                        progress.snapshot, governor: await governor.snapshot(),
                        elapsed: (ContinuousClock.now - started).seconds)
                    StandardStreams.errRaw("\r\u{1B}[2K" + ControlCharacters.escaped(line))
                    try? await Task.sleep(for: .milliseconds(250))
                }
            }
        case .every(let interval):
            running = Task { [progress, governor, started] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled { return }
                    let elapsed = (ContinuousClock.now - started).seconds
                    let line = Self.render(progress.snapshot, governor: await governor.snapshot(), elapsed: elapsed)
                    StandardStreams.err("progress \(Self.duration(elapsed)): \(line)\n")
                }
            }
        }
        task.withLock { $0 = running }
    }

    /// True while the line is drawn in place on the terminal (other output must clear it first).
    var isLive: Bool { mode == .live }

    /// Stops (and clears the line on a terminal).
    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
        if mode == .live { StandardStreams.errRaw("\r\u{1B}[2K") }
    }

    /// `120/5000 · 100 created, 15 updated, 5 failed · 48.2 req/s · waited 12s · ETA 1m40s`
    /// (the rate is the one achieved, capped by the governor's when that is lower).
    static func render(_ p: UploadProgress.Snapshot, governor: RateGovernor.Snapshot, elapsed: Double) -> String {
        guard p.total > 0 else { return "listing the account's sources…" }
        var parts = ["\(p.done)/\(p.total)"]
        parts.append("\(p.summary.created) created, \(p.summary.updated) updated, \(p.summary.failed) failed")
        let achieved = elapsed > 0 ? Double(p.statistics.requests) / elapsed : 0
        parts.append(String(format: "%.1f req/s", min(achieved, governor.rate)))
        if let pause = governor.pauseRemaining {
            parts.append("rate limited: resuming in \(duration(pause.seconds))")
        } else if governor.rateLimitWait.seconds >= 0.5 {
            parts.append("waited \(duration(governor.rateLimitWait.seconds))")
        }
        let done = Double(p.done)
        if done > 0, p.total > p.done, elapsed > 0 {
            parts.append("ETA \(duration(Double(p.total - p.done) * elapsed / done))")
        }
        return parts.joined(separator: " · ")
    }

    /// `42s`, `3m05s`, `1h02m`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }
}
