import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `ibsources serve` under a connection flood, at a small file-descriptor limit: the
/// review's reproduction (`ulimit -n 256`, 400 connections that send half a request head
/// and then nothing) shrunk to run in seconds.
@Suite(.serialized) struct ServeFloodTests {
    /// Starts `serve` with `ulimit -n descriptors` and `extra` flags; returns it and its port.
    private func start(descriptors: Int, _ extra: [String]) throws -> (Process, Int, URL) {
        let dir = try TemporaryDirectory(prefix: "ibsources-flood").url
        let (process, port) = try ServeCommand.start(
            apiKeys: ["k1:acct"], extra: extra, descriptorLimit: descriptors, in: dir)
        return (process, port, dir)
    }

    /// CPU seconds (user + system) the process has used, from /proc.
    private func cpuSeconds(_ pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// How many descriptors `pid` has open, from /proc.
    private func openDescriptors(_ pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
    }

    /// A non-blocking connection to loopback `port` (the connect completes in the background).
    private func openConnection(port: Int) -> Int32 {
        (try? LoopbackSocket.dial(port: port, nonBlocking: true)) ?? -1
    }

    /// Waits up to `seconds` for each of `fds` to be ended by the server (EOF or reset);
    /// returns how many were. Whatever the server sent first (a 503) is read and dropped.
    private func waitForServerClose(_ fds: [Int32], seconds: Double) -> Int {
        var pending = Set(fds)
        var ended = 0
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !pending.isEmpty, Date() < deadline {
            var polls = pending.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&polls, nfds_t(polls.count), 100) > 0 else { continue }
            for entry in polls where entry.revents != 0 {
                let n = recv(entry.fd, &buffer, buffer.count, 0)
                if n == 0 || (n < 0 && errno != EAGAIN) {
                    pending.remove(entry.fd)
                    ended += 1
                }
            }
        }
        return ended
    }

    /// One GET on a fresh blocking connection; the seconds until its whole 200 arrived, or nil.
    private func answerSeconds(port: Int, timeout: Double) -> Double? {
        let started = Date()
        guard let fd = try? LoopbackSocket.dial(port: port, receiveTimeout: Int(timeout)) else { return nil }
        defer { close(fd) }
        let request = "GET /v1/sources HTTP/1.1\r\nHost: x\r\nimageboss-api-key: k1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { received += buffer[0..<n] } else { break }
        }
        guard String(decoding: received, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK") else { return nil }
        return Date().timeIntervalSince(started)
    }

    @Test func aFloodOfHalfOpenConnectionsAtTheDescriptorLimitIsShedAndLeavesTheServerAnswering() throws {
        let flood = 400
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < rlim_t(flood + 100) {
            limit.rlim_cur = min(limit.rlim_max, rlim_t(flood + 100))
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        let (process, port, dir) = try start(descriptors: 256, ["--idle-timeout", "2"])
        defer {
            if process.isRunning { process.terminate() }
            try? FileManager.default.removeItem(at: dir)
        }
        let pid = process.processIdentifier

        var fds = (0..<flood).map { _ in openConnection(port: port) }.filter { $0 >= 0 }
        defer { fds.forEach { close($0) } }
        Thread.sleep(forTimeInterval: 0.5)
        let halfHead = "GET /v1/sources HTTP/1.1\r\nHost: x\r\n"
        for fd in fds { _ = halfHead.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }

        // Never at the limit: out of descriptors, libdispatch's worker monitor cannot open
        // /proc/self/task/N/stat and traps (the review's SIGILL), whatever accept does.
        var mostDescriptors = 0
        for _ in 0..<25 {
            mostDescriptors = max(mostDescriptors, openDescriptors(pid))
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(mostDescriptors < 240, "\(mostDescriptors) descriptors open of 256")
        // At rest under the flood: nothing to do but wait (the review saw ~160% of a core).
        if let share = cpuShare(pid, over: 1) {
            #expect(share < 0.3, "the server used \(Int(share * 100))% of a core while the flood held")
        }

        // Over the cap: refused at once; the rest: closed by the 2 s idle timeout.
        let ended = waitForServerClose(fds, seconds: 6)
        #expect(
            ended == fds.count,
            "\(fds.count - ended) of \(fds.count) flood connections still open 6 s after the idle timeout could first end them"
        )

        fds.forEach { close($0) }
        fds = []
        let seconds = answerSeconds(port: port, timeout: 5)
        #expect(seconds != nil, "no answer after the flood")
        if let seconds { #expect(seconds < 1, "answered \(seconds) s after the flood ended") }

        #expect(process.isRunning, "serve died under the flood")
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!process.isRunning && process.terminationReason == .exit && process.terminationStatus == 0)
    }

    /// The share of one core `pid` used over `seconds`, or nil when /proc cannot say.
    private func cpuShare(_ pid: Int32, over seconds: Double) -> Double? {
        guard let start = cpuSeconds(pid) else { return nil }
        let clock = Date()
        Thread.sleep(forTimeInterval: seconds)
        guard let end = cpuSeconds(pid) else { return nil }
        return (end - start) / Date().timeIntervalSince(clock)
    }

    @Test func acceptRunningOutOfDescriptorsPausesInsteadOfSpinning() throws {
        // Descriptors can run out below the budget when the limit is lowered under a running
        // server (or something else takes them): `prlimit --pid` does that here, to 64.
        let (process, port, dir) = try start(descriptors: 4096, [])
        defer {
            if process.isRunning { process.terminate() }
            try? FileManager.default.removeItem(at: dir)
        }
        let pid = process.processIdentifier
        let prlimit = Process()
        prlimit.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        prlimit.arguments = ["--pid", String(pid), "--nofile=64:4096"]
        try prlimit.run()
        prlimit.waitUntilExit()
        try #require(prlimit.terminationStatus == 0, "prlimit could not lower the server's limit")

        var fds = (0..<200).map { _ in openConnection(port: port) }.filter { $0 >= 0 }
        defer { fds.forEach { close($0) } }
        Thread.sleep(forTimeInterval: 0.5)
        let halfHead = "GET /v1/sources HTTP/1.1\r\nHost: x\r\n"
        for fd in fds { _ = halfHead.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
        Thread.sleep(forTimeInterval: 0.5)
        // Before the fix: 30-40% of a core in a debug build, the listening socket spinning on EMFILE.
        if let share = cpuShare(pid, over: 1.5) {
            #expect(share < 0.1, "the server used \(Int(share * 100))% of a core with accept failing")
        }
        fds.forEach { close($0) }
        fds = []
        let seconds = answerSeconds(port: port, timeout: 5)
        #expect(seconds != nil, "no answer after the flood")
        if let seconds { #expect(seconds < 1, "answered \(seconds) s after the flood ended") }
        #expect(process.isRunning, "serve died")
    }

    @Test func maxConnectionsAboveWhatTheDescriptorLimitAllowsIsRefusedAtStart() throws {
        let result = try CLI.runWithDemoSecrets([
            "serve", "--port", "0", "--api-key", "k", "--max-connections", "100000000",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--max-connections 100000000 does not fit the file-descriptor limit"))
        let idle = try CLI.runWithDemoSecrets(["serve", "--port", "0", "--api-key", "k", "--idle-timeout", "0"])
        #expect(idle.status != 0)
        #expect(idle.stderr.contains("--idle-timeout must be a positive number of seconds"))
    }
}
