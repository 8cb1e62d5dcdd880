import SourcesAPI
import SourcesCore

/// Sends each logical request of a run through the run's rate governor and circuit breaker,
/// retrying what may be retried: one loop, ``run(_:)``, for a record's write
/// (``RecordAttempt``) and for the account listing (planning, reconciliation) alike; what
/// differs between them is the ``RetriedRequest`` each one is.
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
        var request = ListingRequest { () async throws(APIError) -> APIResponse<[Source]> in try await service.list() }
        return try await run(&request).get().body
    }

    /// The account listing, keeping of each source what `keep` makes of it as it streams in.
    func list<Kept: Sendable>(_ service: any SourcesService, keeping keep: @escaping @Sendable (Source) -> Kept?)
        async throws(RequestFailure) -> [Kept]
    {
        var request = ListingRequest { () async throws(APIError) -> APIResponse<[Kept]> in
            try await service.list(keeping: keep)
        }
        return try await run(&request).get().body
    }

    /// The retry loop: sends `request` until it ends in an output (a success, a failure it
    /// or the gate calls final, or the run stopping). Every request of a run comes through here.
    func run<Request: RetriedRequest>(_ request: inout Request) async -> Request.Output {
        var attempt = 0
        var faultRetries = 0
        var lastError: APIError?
        while true {
            guard await admit() else { return request.stopped(after: lastError) }
            attempt += 1
            if let output = request.willSend(attempt: attempt) { return output }
            progress.sent(retry: attempt > 1)
            let failure: APIError
            do {
                let (output, rateLimit) = try await request.send()
                await governor.record(.success(rateLimit))
                settled(nil)
                return output
            } catch {
                failure = error
            }
            await governor.record(error: failure)
            settled(failure)
            lastError = failure
            if case .unauthorized(let status, _) = failure { control.abort(.keyRefused(status: status)) }
            if let output = await request.attemptFailed(failure) { return output }
            switch gate.decide(after: failure, faultRetries: faultRetries) {
            case .giveUp: return await request.gaveUp(after: failure)
            case .pace: break
            case .retry(let delay):
                faultRetries += 1
                if delay > .zero, await !backOff(delay) { return request.stopped(after: failure) }
            }
            if let output = await request.mayResend(after: failure) { return output }
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
