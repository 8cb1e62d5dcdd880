import Foundation
import NIOHTTP1
import TestSupport
import Testing

import SourcesEmulator

/// Connections the emulator must not keep: idle ones, ones over the cap, and the one a
/// too-large body came on. Each check reads the socket the way a client would.
@Suite("Connection limits", .serialized)
struct ConnectionLimitTests {
    static let halfHead = "GET /v1/sources HTTP/1.1\r\nHost: 127.0.0.1\r\nimageboss-api-key: key-a\r\n"
    static let fullRequest =
        "GET /v1/sources HTTP/1.1\r\nHost: 127.0.0.1\r\nimageboss-api-key: key-a\r\nConnection: close\r\n\r\n"

    /// Waits (polling) until `condition` holds or `seconds` pass; returns whether it held.
    private func eventually(_ seconds: Double = 5, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    @Test func anIdleConnectionIsClosedAfterTheIdleTimeout() async throws {
        try await EmulatorHarness.with({ $0.connections.idleTimeout = .milliseconds(500) }) { live in
            let silent = try RawConnection(port: live.emulator.port)
            let halfway = try RawConnection(port: live.emulator.port)
            halfway.send(Self.halfHead)
            let keptAlive = try RawConnection(port: live.emulator.port)
            keptAlive.send(Self.fullRequest.replacingOccurrences(of: "Connection: close\r\n", with: ""))

            for (name, connection) in [("silent", silent), ("half a head", halfway), ("kept alive", keptAlive)] {
                let ending = connection.readUntilClosed(timeout: 5)
                #expect(ending.closed, "\(name): still open after 5 s")
                #expect(ending.seconds < 3, "\(name): closed after \(ending.seconds) s")
                // Only the kept-alive one had a whole request, and it was answered first.
                #expect(ending.text.hasPrefix("HTTP/1.1 200 OK") == (name == "kept alive"), "\(name)")
            }
            #expect(try await live.send(.GET, "/v1/sources").status == 200)
            #expect(try await eventually { live.emulator.connectionCounts().open == 0 })
        }
    }

    @Test func theDefaultIdleTimeoutIs30Seconds() {
        #expect(EmulatorConfiguration().connections.idleTimeout == .seconds(30))
        #expect(ConnectionLimits.defaultMaximum(descriptorLimit: 256) == 144)
        #expect(ConnectionLimits.descriptorBudget(descriptorLimit: 256) == 192)
        #expect(ConnectionLimits.defaultMaximum(descriptorLimit: 1024) == 672)
        #expect(ConnectionLimits.defaultMaximum(descriptorLimit: 1 << 20) == ConnectionLimits.defaultCeiling)
        #expect(ConnectionLimits.defaultMaximum(descriptorLimit: 16) == 1)
    }

    @Test func aConnectionOverTheCapIsAnswered503AtOnceAndAFreedSlotIsUsedAgain() async throws {
        try await EmulatorHarness.with({ $0.connections.maxConnections = 3 }) { live in
            let port = live.emulator.port
            let held = try (0..<3).map { _ in try RawConnection(port: port) }
            for connection in held { connection.send(Self.halfHead) }
            #expect(try await eventually { live.emulator.connectionCounts().open == 3 })

            let extra = try RawConnection(port: port)
            extra.send(Self.fullRequest)
            let refused = extra.readUntilClosed(timeout: 5)
            #expect(refused.closed)
            #expect(refused.seconds < 1)
            #expect(refused.text.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
            #expect(refused.text.contains("Retry-After: 1\r\n"))
            #expect(refused.text.contains(#"{"errors":["Too many connections: the emulator holds at most 3 at once"#))
            // The held ones are still being waited on (their heads are not finished).
            #expect(held[0].readUntilClosed(timeout: 0.2).closed == false)

            held.forEach { _ = shutdown($0.fd, Int32(SHUT_RDWR)) }
            #expect(try await eventually(2) { live.emulator.connectionCounts().open == 0 })
            let started = Date()
            let next = try RawConnection(port: port)
            next.send(Self.fullRequest)
            let answered = next.readUntilClosed(timeout: 5)
            #expect(answered.text.hasPrefix("HTTP/1.1 200 OK"))
            #expect(Date().timeIntervalSince(started) < 1)
            let counts = live.emulator.connectionCounts()
            #expect(counts.peak == 3)
            #expect(counts.refused == 1)
        }
    }

    @Test func aTenMegabyteBodyIsAnswered413AndTheConnectionEnds() async throws {
        try await EmulatorHarness.with { live in
            let size = 10 << 20
            let connection = try RawConnection(port: live.emulator.port)
            connection.send(
                "POST /v1/sources HTTP/1.1\r\nHost: 127.0.0.1\r\nimageboss-api-key: key-a\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(size)\r\n\r\n")
            // The whole body, as a client that does not watch for an early answer sends it.
            let sentAll = connection.send([UInt8](repeating: UInt8(ascii: "x"), count: size))
            let ending = connection.readUntilClosed(timeout: 6)
            #expect(ending.text.hasPrefix("HTTP/1.1 413 "))
            #expect(ending.text.lowercased().contains("connection: close\r\n"))
            #expect(ending.text.contains(#"{"errors":["Request body is larger than 1 MB"]}"#))
            #expect(ending.closed, "the connection was still open 6 s after the 413 (sent all: \(sentAll))")
            #expect(ending.seconds < 3)
            #expect(try await live.create("after-the-413").status == 201)
        }
    }

    @Test func aClientThatStopsSendingAfterThe413SeesTheEndToo() async throws {
        try await EmulatorHarness.with { live in
            let connection = try RawConnection(port: live.emulator.port)
            connection.send(
                "POST /v1/sources HTTP/1.1\r\nHost: 127.0.0.1\r\nimageboss-api-key: key-a\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(10 << 20)\r\n\r\n")
            connection.send([UInt8](repeating: UInt8(ascii: "x"), count: 2 << 20))
            // 8 MB are never sent: the server must not wait for them.
            let ending = connection.readUntilClosed(timeout: 6)
            #expect(ending.text.hasPrefix("HTTP/1.1 413 "))
            #expect(ending.closed)
            #expect(ending.seconds < 3)
        }
    }

    @Test func problemsNameTheFlags() {
        var configuration = EmulatorConfiguration()
        configuration.connections.idleTimeout = .zero
        configuration.connections.maxConnections = 0
        #expect(configuration.problems.contains("--idle-timeout must be a positive number of seconds"))
        #expect(configuration.problems.contains("--max-connections must be at least 1"))
        configuration.connections.maxConnections = ConnectionLimits.descriptorLimit() + 1
        #expect(
            configuration.problems.contains {
                $0.hasPrefix("--max-connections \(ConnectionLimits.descriptorLimit() + 1) does not fit")
            })
    }
}
