import Foundation
import TestSupport
import Testing

/// The real client through Rack::Attack (Debian's ruby-rack-attack), the throttle of Rails
/// APIs, in a Rack app on WEBrick that forwards to `ibsources serve`: a fixed window of 100
/// requests per 5 seconds per API key, refused with Rack::Attack's default responder: a bare
/// 429, `text/plain` `Retry later`, no `Retry-After`.
@Suite(.serialized, .enabled(if: ThirdPartyServers.shouldRun, ThirdPartyServers.skipReason))
struct RackAttackTests {
    @Test func anImportThroughRackAttackCreatesEveryRecord() async throws {
        try await StrangerRig.with { rig in
            let limiter = try await rig.rackAttack()
            try await LimiterChecks.importThrough(limiter, rig: rig)
        }
    }

    @Test func plansAndExportsGetThroughABusyRackAttack() async throws {
        try await StrangerRig.with { rig in
            // 2 requests per 1-second window: six listings at once cannot all pass, even when a
            // window ends while they are sent.
            let limiter = try await rig.rackAttack(limit: 2, period: 1)
            try await LimiterChecks.readsThroughABusyLimiter(limiter, rig: rig)
            // What the client had to cope with: Rack::Attack's default responder, untouched.
            try LimiterChecks.expectRefusal(
                from: limiter, status: 429, contentType: "text/plain", body: "Retry later\n")
        }
    }
}
