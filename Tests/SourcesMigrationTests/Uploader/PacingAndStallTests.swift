import Foundation
import SourcesAPI
import SourcesCore
import SourcesMigration
import Testing

/// Throttling never fails a record; the run stops only when nothing succeeds for the stall
/// timeout. On virtual time (``ManualRateClock``, automatic): ten minutes pass in milliseconds.
@Suite struct PacingAndStallTests {
    /// An account whose creates are refused `refusals(name, attempt)` times with `refusal`,
    /// then carried out; listing always works. From `lockedOutAfter` creates on, every
    /// request (listings too) is refused for good.
    final class ThrottlingService: SourcesService, @unchecked Sendable {
        private let lock = NSLock()
        private var sources: [Source] = []
        private var calls: [String: Int] = [:]
        let refusal: APIError
        let refusalsPerCreate: Int
        let lockedOutAfter: Int
        private(set) var refused = 0

        init(refusal: APIError, refusalsPerCreate: Int = 0, lockedOutAfter: Int = .max) {
            self.refusal = refusal
            self.refusalsPerCreate = refusalsPerCreate
            self.lockedOutAfter = lockedOutAfter
        }

        var created: Int { lock.withLock { sources.count } }

        func list() async throws(APIError) -> APIResponse<[Source]> {
            let result: [Source]? = lock.withLock {
                if sources.count >= lockedOutAfter {
                    refused += 1
                    return nil
                }
                return sources
            }
            guard let result else { throw refusal }
            return APIResponse(body: result, status: 200)
        }

        func get(id: String) async throws(APIError) -> APIResponse<Source> {
            throw .http(status: 404, messages: [], rateLimit: .init())
        }

        func create(_ source: Source) async throws(APIError) -> APIResponse<Source> {
            let saved: Source? = lock.withLock {
                calls[source.name, default: 0] += 1
                if sources.count >= lockedOutAfter || calls[source.name, default: 0] <= refusalsPerCreate {
                    refused += 1
                    return nil
                }
                var saved = source
                saved.id = "id-\(sources.count + 1)"
                sources.append(saved)
                return saved
            }
            guard let saved else { throw refusal }
            return APIResponse(body: saved, status: 201)
        }

        func update(id: String, name: String?, credentials: Credentials) async throws(APIError) -> APIResponse<Source> {
            throw .http(status: 404, messages: [], rateLimit: .init())
        }

        func delete(id: String) async throws(APIError) -> APIResponse<Void> {
            throw .http(status: 404, messages: [], rateLimit: .init())
        }
    }

    private static let bare429 = APIError.http(status: 429, messages: [], rateLimit: RateLimitHeaders())
    private static let retryAfter429 = APIError.http(
        status: 429, messages: [], rateLimit: RateLimitHeaders(retryAfter: 1))
    private static let nginx503 = APIError.http(status: 503, messages: [], rateLimit: RateLimitHeaders())

    private func run(
        _ service: ThrottlingService, records: Int, settings: UploadSettings
    ) async throws -> (UploadResult, ManualRateClock) {
        let clock = ManualRateClock(mode: .automatic)
        let uploader = Uploader(
            service: service, governor: ImportGovernor.make(maxRate: nil, clock: clock), settings: settings)
        let plan = Planner().plan(Fixtures.many(records), remote: try await uploader.fetchAccount())
        return (await uploader.run(plan, journal: nil), clock)
    }

    @Test(arguments: [bare429, retryAfter429, nginx503])
    func throttlingNeverCountsAgainstTheRetries(_ refusal: APIError) async throws {
        // Each create is refused 8 times before it goes through, with --max-retries 1.
        let service = ThrottlingService(refusal: refusal, refusalsPerCreate: 8)
        let (result, _) = try await run(service, records: 6, settings: UploadSettings(concurrency: 2, maxRetries: 1))
        #expect(result.outcome == .completed)
        #expect(result.results.map(\.status) == Array(repeating: .created, count: 6))
        #expect(service.created == 6)
        #expect(result.results.allSatisfy { $0.attempts == 9 })
    }

    @Test(arguments: [bare429, retryAfter429])
    func aKeyLockedOutForGoodStopsTheRunAfterTheStallTimeout(_ refusal: APIError) async throws {
        let service = ThrottlingService(refusal: refusal, lockedOutAfter: 3)
        let (result, clock) = try await run(
            service, records: 10, settings: UploadSettings(concurrency: 4, maxRetries: 5, stallTimeout: 600))
        #expect(result.outcome == .aborted)
        #expect(result.abortReason == .stalled(seconds: 600))
        #expect("\(result.abortReason.map { "\($0)" } ?? "")".contains("10 minutes"))
        // It waited out the timeout (virtual time), and not much longer.
        #expect(clock.now >= .seconds(600) && clock.now < .seconds(700), "\(clock.now)")
        let statuses = result.results.map(\.status)
        #expect(statuses.filter { $0 == .created }.count == 3)
        // None of the others failed on its retries: each says the run was stopped.
        #expect(statuses.allSatisfy { $0 == .created || $0 == .skipped || $0 == .failed })
        for failed in result.results where failed.status == .failed {
            #expect(failed.errors.contains { $0.contains("aborted") }, "\(failed.errors)")
        }
        #expect(service.created == 3)
        // Paced while refused: not thousands of refusals in ten minutes.
        #expect(service.refused < 2_000, "\(service.refused) refusals")
    }

    @Test func aPauseLongerThanTheStallTimeoutStopsTheRunWhenTheTimeoutIsReached() async throws {
        let refusal = APIError.http(status: 429, messages: [], rateLimit: RateLimitHeaders(retryAfter: 7200))
        let service = ThrottlingService(refusal: refusal, lockedOutAfter: 2)
        let (result, clock) = try await run(
            service, records: 5, settings: UploadSettings(concurrency: 1, maxRetries: 5, stallTimeout: 60))
        #expect(result.abortReason == .stalled(seconds: 60))
        #expect(clock.now < .seconds(300), "stopped at the timeout, not after the 2-hour pause: \(clock.now)")
    }
}
