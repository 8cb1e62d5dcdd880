import Foundation
import TestSupport
import Testing

/// The real client through nginx's `limit_req` (Debian's nginx-light), as a reverse proxy in
/// front of `ibsources serve`: a leaky bucket of 20 requests per second with a burst of 5,
/// excess refused at once (`nodelay`), and not a header about it. By default nginx refuses
/// with **503** and its HTML error page, the status that also means "the server is down";
/// with `limit_req_status 429`, a 429 with an HTML page.
@Suite(.serialized, .enabled(if: ThirdPartyServers.shouldRun, ThirdPartyServers.skipReason))
struct NginxLimitReqTests {
    @Test func anImportThroughNginxRefusingWith503CreatesEveryRecord() async throws {
        try await StrangerRig.with { rig in
            let limiter = try await rig.nginx()
            try await LimiterChecks.importThrough(limiter, rig: rig)
        }
    }

    @Test func anImportThroughNginxRefusingWith429CreatesEveryRecord() async throws {
        try await StrangerRig.with { rig in
            let limiter = try await rig.nginx(status: 429)
            try await LimiterChecks.importThrough(limiter, rig: rig)
        }
    }

    @Test(arguments: [503, 429])
    func plansAndExportsGetThroughABusyNginx(refusing status: Int) async throws {
        try await StrangerRig.with { rig in
            // 2 requests a second and one more at once: six listings at once cannot all pass.
            let limiter = try await rig.nginx(rate: 2, burst: 1, status: status == 503 ? nil : status)
            try await LimiterChecks.readsThroughABusyLimiter(limiter, rig: rig)
            // What the client had to cope with: nginx's own error page, and no header at all.
            let title = status == 503 ? "503 Service Temporarily Unavailable" : "429 Too Many Requests"
            try LimiterChecks.expectRefusal(
                from: limiter, status: status, contentType: "text/html", body: "<title>\(title)</title>")
        }
    }
}
