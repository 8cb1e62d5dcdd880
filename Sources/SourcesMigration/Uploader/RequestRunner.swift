import SourcesAPI
import SourcesCore

/// Sends one logical request through the run's rate governor and circuit breaker, retrying
/// what may be retried: the path of every request that is not a record's own write (the
/// account listing for planning and for reconciliation). Its waits, ``admit()``,
/// ``settled(_:)`` and ``backOff(_:)``, are the ones a record's write (``RecordAttempt``)
/// goes through too.
struct RequestRunner: Sendable {
    let governor: RateGovernor
    let gate: RetryGate
    let control: RunControl
    let progress: UploadProgress
    let concurrency: Int

    var clock: any RateClock { gate.clock }

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
        var faultRetries = 0
        while true {
            guard await admit() else { throw .stopped }
            attempt += 1
            progress.sent(retry: attempt > 1)
            let failure: APIError
            do {
                let response = try await operation()
                await governor.record(.success(response.rateLimit))
                settled(nil)
                return response
            } catch {
                failure = error
            }
            await governor.record(error: failure)
            settled(failure)
            if case .unauthorized(let status, _) = failure {
                control.abort(.keyRefused(status: status))
                throw .api(failure, attempts: attempt)
            }
            switch gate.decide(after: failure, faultRetries: faultRetries) {
            case .giveUp: throw .api(failure, attempts: attempt)
            case .pace: continue
            case .retry(let delay):
                faultRetries += 1
                guard delay > .zero else { continue }
                guard await backOff(delay) else { throw .stopped }
            }
        }
    }

    /// Waits until the breaker and the governor let one request go; false when the run stops
    /// (or was already stopping, or has stalled) first. After true, call ``settled(_:)``.
    func admit() async -> Bool {
        while true {
            guard control.maySend, !stopIfStalled() else { return false }
            guard let wait = gate.breaker.enter(now: clock.now.seconds, concurrency: concurrency) else { break }
            guard await sleep(until: clock.now.seconds + wait) else { return false }
        }
        // A pause the server ordered that outlasts the stall timeout: wait until the timeout
        // only, and stop then if nothing succeeded meanwhile.
        if let pause = await governor.pauseDeadline?.seconds, pause > gate.stall.deadline {
            guard await sleep(until: gate.stall.deadline), !stopIfStalled() else {
                gate.breaker.finished()
                return false
            }
        }
        if await governor.tryAcquire() { return true }
        do {
            try await control.interruptible { [governor] in try await governor.acquire() }
            return true
        } catch {
            gate.breaker.finished()
            return false
        }
    }

    /// A request let through by ``admit()`` is over: `error` is its failure (nil: success).
    func settled(_ error: APIError?) {
        gate.breaker.finished()
        gate.record(error)
        if error != nil { _ = stopIfStalled() }
    }

    /// Sleeps `delay` before a retry; false when the run stops first.
    func backOff(_ delay: Duration) async -> Bool {
        await sleep(until: clock.now.seconds + delay.seconds)
    }

    /// Aborts the run when nothing has succeeded for the stall timeout; true when it is stalled.
    private func stopIfStalled() -> Bool {
        guard gate.stall.isStalled else { return false }
        control.abort(.stalled(seconds: gate.stall.timeout))
        return true
    }

    private func sleep(until seconds: Double) async -> Bool {
        do {
            try await control.interruptible { [clock] in try await clock.sleep(until: .seconds(double: seconds)) }
            return true
        } catch {
            return false
        }
    }
}
