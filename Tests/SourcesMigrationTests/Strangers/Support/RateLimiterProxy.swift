import Foundation
import TestSupport

/// A real, third-party rate limiter between the client and the emulator, as deployed in front
/// of real APIs: nginx's `limit_req` or Rails' Rack::Attack. Its access log tells how many
/// requests it refused.
struct RateLimiterProxy: Sendable {
    /// What the limiter is, for the test's output.
    let label: String
    /// The API's base URL through the limiter.
    let endpoint: String
    /// Its access log (see ``LimiterLog``).
    let accessLog: String
    /// The statuses it refuses with.
    let refusal: Set<Int>
    /// Its sustained rate, in requests per second.
    let limit: Double
    private let stopServer: @Sendable () async -> Void

    /// nginx `limit_req` (a leaky bucket of `rate` per second, `burst` more at once, excess
    /// refused at once with `nodelay`) as a reverse proxy in front of `emulator`. nginx refuses
    /// with 503 and its HTML error page unless `status` says otherwise (`limit_req_status`);
    /// it never sends `Retry-After` or any rate-limit header.
    static func nginx(
        in directory: String, emulator: ServedEmulator, rate: Int = 20, burst: Int = 5, status: Int? = nil
    ) async throws -> RateLimiterProxy {
        let nginx = try await NginxServer.start(in: directory) { port in
            """
                limit_req_zone $binary_remote_addr zone=api:1m rate=\(rate)r/s;
                \(status.map { "limit_req_status \($0);" } ?? "")
                upstream emulator { server 127.0.0.1:\(emulator.port); keepalive 16; }
                server {
                    listen 127.0.0.1:\(port);
                    location / {
                        limit_req zone=api burst=\(burst) nodelay;
                        proxy_pass http://emulator;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                    }
                }
            """
        }
        return RateLimiterProxy(
            label: "nginx limit_req \(rate)r/s burst \(burst) nodelay, refusing \(status ?? 503)",
            endpoint: "http://127.0.0.1:\(nginx.port)/v1", accessLog: nginx.accessLog, refusal: [status ?? 503],
            limit: Double(rate), stopServer: { await nginx.stop() })
    }

    /// Rack::Attack's `throttle` (a fixed window: `limit` requests per `period` seconds, the
    /// count reset when the window ends) with its default responder (a bare 429, `text/plain`
    /// `Retry later`, no `Retry-After`), in a Rack app on WEBrick that forwards every request it
    /// lets through to `emulator`.
    static func rackAttack(
        in directory: String, emulator: ServedEmulator, limit: Int = 100, period: Int = 5
    ) async throws -> RateLimiterProxy {
        let rack = try await RackAttackServer.start(
            in: directory, upstream: "http://127.0.0.1:\(emulator.port)", limit: limit, period: period)
        return RateLimiterProxy(
            label: "Rack::Attack throttle \(limit) per \(period) s", endpoint: "http://127.0.0.1:\(rack.port)/v1",
            accessLog: rack.accessLog, refusal: [429], limit: Double(limit) / Double(period),
            stopServer: { await rack.stop() })
    }

    /// What the limiter logged so far.
    func log() throws -> LimiterLog { try LimiterLog(path: accessLog) }

    func stop() async { await stopServer() }
}
