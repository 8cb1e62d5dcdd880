import Foundation

/// A limiter's own access log, one request a line as `SECONDS.MILLIS METHOD PATH STATUS`
/// (nginx `log_format '$msec $request_method $uri $status'`; WEBrick `'%{%s.%L}t %m %U %s'`):
/// the limiter's word, not the client's, on how many requests it let through and refused.
struct LimiterLog {
    struct Entry {
        var time: Double
        var method: String
        var path: String
        var status: Int
    }

    let entries: [Entry]

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        entries = text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 4, let time = Double(fields[0]), let status = Int(fields[3]) else { return nil }
            return Entry(time: time, method: String(fields[1]), path: String(fields[2]), status: status)
        }
    }

    /// The requests answered with one of `refusal` (the limiter's refusal statuses).
    func refused(_ refusal: Set<Int>) -> [Entry] { entries.filter { refusal.contains($0.status) } }

    /// Creates that went through: `POST` answered 201.
    var created: [Entry] { entries.filter { $0.method == "POST" && $0.status == 201 } }

    /// Creates per second while they were being sent: from the first `POST` to the last
    /// create that went through (the run's listing and report are not counted).
    var createRate: Double {
        let posts = entries.filter { $0.method == "POST" }
        guard let first = posts.first?.time, let last = created.last?.time, last > first else { return 0 }
        return Double(created.count - 1) / (last - first)
    }

    /// One line for the test's output: how the limiter answered.
    func summary(_ label: String, refusal: Set<Int>, limit: Double) -> String {
        let refusedCount = refused(refusal).count
        let share = entries.isEmpty ? 0 : 100 * Double(refusedCount) / Double(entries.count)
        let rate = createRate
        var line =
            "strangers: \(label): \(entries.count) requests, \(refusedCount) refused (\(Self.oneDecimal(share))%)"
        if !created.isEmpty {
            line +=
                ", \(created.count) created at \(Self.oneDecimal(rate))/s while sending "
                + "(\(Int((100 * rate / limit).rounded()))% of \(Self.oneDecimal(limit))/s)"
        }
        return line
    }

    static func oneDecimal(_ value: Double) -> String { String(format: "%.1f", value) }
}
