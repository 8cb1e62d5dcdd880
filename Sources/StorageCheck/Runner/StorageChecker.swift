public import SourcesCore

/// Checks records against their providers: one read-only probe each, `concurrency` in
/// flight at most (and `perHost` to any one host), a timeout per request, one more try after
/// a timeout, a dropped connection or a 5xx, and results in input order.
public struct StorageChecker: Sendable {
    /// How hard to push.
    public struct Limits: Sendable {
        /// Requests in flight at most, over all hosts (`--concurrency`).
        public var concurrency: Int
        /// Requests in flight at most to one host (`host[:port]`): six, as browsers allow.
        public var perHost: Int
        /// How long one request may take (`--timeout`).
        public var timeout: Duration
        /// The pause before the one retry.
        public var retryPause: Duration

        public init(
            concurrency: Int = 16, perHost: Int = 6, timeout: Duration = .seconds(10),
            retryPause: Duration = .milliseconds(250)
        ) {
            self.concurrency = max(1, concurrency)
            self.perHost = max(1, perHost)
            self.timeout = timeout
            self.retryPause = retryPause
        }
    }

    public let transport: any StorageTransport
    public let settings: CheckSettings
    public let limits: Limits
    private let clock: @Sendable () -> SigV4Date

    /// - Parameter clock: the signing time of each request (tests pin it).
    public init(
        transport: any StorageTransport, settings: CheckSettings = CheckSettings(), limits: Limits = Limits(),
        clock: @escaping @Sendable () -> SigV4Date = { SigV4Date.now() }
    ) {
        self.transport = transport
        self.settings = settings
        self.limits = limits
        self.clock = clock
    }

    /// The outcome of every record, in the order given. `onResult` hears each as it comes
    /// (in completion order), for progress lines.
    public func check(
        _ records: [SourceRecord], onResult: (@Sendable (RecordCheck) -> Void)? = nil
    ) async -> [RecordCheck] {
        var results = [RecordCheck?](repeating: nil, count: records.count)
        var probes: [(index: Int, probe: Probe)] = []
        for (index, record) in records.enumerated() {
            switch ProbeBuilder.plan(for: record.source, settings: settings) {
            case .settled(let outcome):
                let result = RecordCheck(record: record, outcome: outcome, attempts: 0)
                results[index] = result
                onResult?(result)
            case .probe(let probe): probes.append((index, probe))
            }
        }
        var scheduler = HostScheduler(hosts: probes.map(\.probe.hostKey), perHost: limits.perHost)
        await withTaskGroup(of: (Int, CheckOutcome, Int).self) { group in
            var running = 0
            while running < limits.concurrency, let next = scheduler.next() {
                let probe = probes[next].probe
                group.addTask { await run(probe, item: next) }
                running += 1
            }
            while let (item, outcome, attempts) = await group.next() {
                running -= 1
                scheduler.finished(item)
                let result = RecordCheck(record: records[probes[item].index], outcome: outcome, attempts: attempts)
                results[probes[item].index] = result
                onResult?(result)
                while running < limits.concurrency, let next = scheduler.next() {
                    let probe = probes[next].probe
                    group.addTask { await run(probe, item: next) }
                    running += 1
                }
            }
        }
        return results.enumerated().map { index, result in
            result
                ?? RecordCheck(record: records[index], outcome: CheckOutcome(.notChecked, "not reached"), attempts: 0)
        }
    }

    /// Sends `probe` (once more after a transient failure; its fallback when the method is
    /// refused) and reads the answer.
    private func run(_ probe: Probe, item: Int) async -> (Int, CheckOutcome, Int) {
        var attempts = 0
        var request = probe.request
        var answer: ProbeAnswer = .failure(TransportFailure(.other, "not sent"))
        repeat {
            if attempts > 0 {
                do { try await Task.sleep(for: limits.retryPause) } catch { break }
            }
            attempts += 1
            answer = await transport.send(probe.prepared(request, at: clock()), timeout: limits.timeout)
            if AnswerClassifier.refusesMethod(answer), let fallback = probe.fallback, request != fallback {
                request = fallback
                answer = await transport.send(probe.prepared(request, at: clock()), timeout: limits.timeout)
            }
        } while attempts < 2 && AnswerClassifier.isTransient(answer) && !Task.isCancelled
        return (item, AnswerClassifier.classify(answer, of: probe, attempts: attempts), attempts)
    }
}

/// One record's check.
public struct RecordCheck: Sendable {
    public var record: SourceRecord
    public var outcome: CheckOutcome
    /// Requests sent for it (0 when it was settled without asking).
    public var attempts: Int

    public init(record: SourceRecord, outcome: CheckOutcome, attempts: Int) {
        self.record = record
        self.outcome = outcome
        self.attempts = attempts
    }
}
