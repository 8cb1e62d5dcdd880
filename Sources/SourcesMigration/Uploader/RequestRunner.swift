import SourcesAPI
import SourcesCore

/// Sends one logical request through the run's rate governor, retrying what may be
/// retried: the path of every request that is not a record's own write (the
/// account listing for planning and for reconciliation). Its waits, ``admit()`` and
/// ``backOff(_:)``, are the ones a record's write (``RecordAttempt``) goes through too.
struct RequestRunner: Sendable {
    let governor: RateGovernor
    let gate: RetryGate
    let control: RunControl
    let progress: UploadProgress

    /// Every source of the account, listed through ``run(_:)``: the planner's listing and the
    /// reconciliation lookups.
    func list(_ service: any SourcesService) async throws(RequestFailure) -> [Source] {
        try await run { () async throws(APIError) -> APIResponse<[Source]> in try await service.list() }.body
    }

    /// Runs `operation` until it succeeds, fails for good, or the run stops.
    func run<Body: Sendable>(_ operation: @Sendable () async throws(APIError) -> APIResponse<Body>)
        async throws(RequestFailure) -> APIResponse<Body>
    {
        var attempt = 0
        while true {
            guard await admit() else { throw .stopped }
            attempt += 1
            progress.sent(retry: attempt > 1)
            let failure: APIError
            do {
                let response = try await operation()
                await governor.record(.success(response.rateLimit))
                gate.succeeded()
                return response
            } catch {
                failure = error
            }
            await governor.record(error: failure)
            if case .unauthorized(let status, _) = failure {
                control.abort(.keyRefused(status: status))
                throw .api(failure, attempts: attempt)
            }
            switch gate.decide(after: failure, attempt: attempt) {
            case .giveUp: throw .api(failure, attempts: attempt)
            case .budgetSpent:
                control.abort(.retryBudgetSpent)
                throw .api(failure, attempts: attempt)
            case .retry(let delay):
                guard delay > .zero else { continue }
                guard await backOff(delay) else { throw .stopped }
            }
        }
    }

    /// Waits until the governor lets one request go; false when the run stops (or was
    /// already stopping) first.
    func admit() async -> Bool {
        guard control.maySend else { return false }
        if await governor.tryAcquire() { return true }
        do {
            try await control.interruptible { [governor] in try await governor.acquire() }
            return true
        } catch {
            return false
        }
    }

    /// Sleeps `delay` before a retry; false when the run stops first.
    func backOff(_ delay: Duration) async -> Bool {
        do {
            try await control.interruptible { try await Task.sleep(for: delay) }
            return true
        } catch {
            return false
        }
    }
}
