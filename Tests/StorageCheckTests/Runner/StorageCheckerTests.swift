import Foundation
import SourcesCore
import StorageCheck
import Testing

/// A transport in memory: answers by a rule, after a delay, and records what was sent and
/// how many requests were in flight at once (overall and per host).
final class ScriptedTransport: StorageTransport, @unchecked Sendable {
    private let lock = NSLock()
    private let answer: @Sendable (ProbeRequest, Int) -> ProbeAnswer
    private let delay: Duration
    private var inFlight = 0
    private var inFlightByHost: [String: Int] = [:]
    private(set) var peak = 0
    private(set) var peakPerHost = 0
    private(set) var sent: [ProbeRequest] = []

    /// `answer` gets the request and how many times this URL was sent before.
    init(delay: Duration = .milliseconds(5), answer: @escaping @Sendable (ProbeRequest, Int) -> ProbeAnswer) {
        self.delay = delay
        self.answer = answer
    }

    var requests: [ProbeRequest] { lock.withLock { sent } }
    var peaks: (overall: Int, perHost: Int) { lock.withLock { (peak, peakPerHost) } }

    func send(_ request: ProbeRequest, timeout: Duration) async -> ProbeAnswer {
        let earlier: Int = lock.withLock {
            let earlier = sent.filter { $0.url == request.url && $0.method == request.method }.count
            sent.append(request)
            inFlight += 1
            inFlightByHost[request.authority, default: 0] += 1
            peak = max(peak, inFlight)
            peakPerHost = max(peakPerHost, inFlightByHost[request.authority, default: 0])
            return earlier
        }
        try? await Task.sleep(for: delay)
        lock.withLock {
            inFlight -= 1
            inFlightByHost[request.authority, default: 1] -= 1
        }
        return answer(request, earlier)
    }
}

@Suite struct StorageCheckerTests {
    static func record(_ source: Source, index: Int) -> SourceRecord {
        SourceRecord(
            source: source,
            origin: RecordOrigin(location: SourceLocation(file: "b.csv", line: index + 1, column: 1), index: index))
    }

    static func urlRecords(_ count: Int, hosts: Int) -> [SourceRecord] {
        (0..<count).map { i in
            record(
                Source(name: "u\(i)", type: "url", credentials: ["url": "http://host\(i % hosts).test/\(i)"]),
                index: i + 1)
        }
    }

    static let fast = StorageChecker.Limits(
        concurrency: 16, perHost: 6, timeout: .seconds(1), retryPause: .milliseconds(1))

    @Test func neverMoreThanConcurrencyInFlightNorSixToOneHost() async {
        let transport = ScriptedTransport { _, _ in .success(ProbeResponse(status: 200)) }
        let checker = StorageChecker(transport: transport, limits: Self.fast)
        let results = await checker.check(Self.urlRecords(300, hosts: 40))
        #expect(results.allSatisfy { $0.outcome.status == .ok })
        #expect(transport.peaks.overall <= 16)
        #expect(transport.peaks.overall >= 12)  // it does run them side by side
        let oneHost = ScriptedTransport { _, _ in .success(ProbeResponse(status: 200)) }
        _ = await StorageChecker(transport: oneHost, limits: Self.fast).check(Self.urlRecords(60, hosts: 1))
        #expect(oneHost.peaks.perHost == 6)
    }

    @Test func aBusyHostDoesNotHoldUpTheOthers() async {
        // 50 records for one slow host first, then 50 for other hosts: the others must not
        // wait behind the first host's queue.
        let transport = ScriptedTransport(delay: .milliseconds(20)) { _, _ in .success(ProbeResponse(status: 200)) }
        var records = (0..<50).map {
            Self.record(
                Source(name: "a\($0)", type: "url", credentials: ["url": "http://busy.test/\($0)"]), index: $0 + 1)
        }
        records += (0..<50).map {
            Self.record(
                Source(name: "b\($0)", type: "url", credentials: ["url": "http://other\($0).test/"]), index: $0 + 51)
        }
        _ = await StorageChecker(transport: transport, limits: Self.fast).check(records)
        // The first 16 sent: 6 to the busy host (its limit), then 10 to the others at once,
        // not the busy host's queue first.
        let first = transport.requests.prefix(16).map(\.host)
        #expect(first.filter { $0 == "busy.test" }.count == 6)
        #expect(first.filter { $0 != "busy.test" }.count == 10)
        #expect(transport.peaks.overall == 16)
    }

    @Test func resultsComeInInputOrder() async {
        let transport = ScriptedTransport { request, _ in
            .success(ProbeResponse(status: request.path.hasSuffix("7") ? 401 : 200))
        }
        let records = Self.urlRecords(40, hosts: 5)
        let results = await StorageChecker(transport: transport, limits: Self.fast).check(records)
        #expect(results.map(\.record.source.name) == records.map(\.source.name))
        #expect(
            results.filter { $0.outcome.status == .denied }.map(\.record.source.name) == ["u7", "u17", "u27", "u37"])
    }

    @Test func oneRetryAfterATimeoutOrA5xxAndNoneAfterA4xx() async {
        let transport = ScriptedTransport { request, earlier in
            switch request.host {
            case "flaky.test":
                earlier == 0 ? .failure(TransportFailure(.timeout)) : .success(ProbeResponse(status: 200))
            case "down.test": .success(ProbeResponse(status: 503))
            case "slow.test": .failure(TransportFailure(.timeout))
            case "refused.test": .failure(TransportFailure(.connectionRefused))
            default: .success(ProbeResponse(status: 401))
            }
        }
        let hosts = ["flaky", "down", "slow", "refused", "locked"]
        let records = hosts.enumerated().map { i, host in
            Self.record(Source(name: host, type: "url", credentials: ["url": "http://\(host).test/"]), index: i + 1)
        }
        let results = await StorageChecker(transport: transport, limits: Self.fast).check(records)
        let byName = Dictionary(uniqueKeysWithValues: results.map { ($0.record.source.name, $0) })
        #expect(byName["flaky"]?.outcome.status == .ok && byName["flaky"]?.attempts == 2)
        #expect(byName["down"]?.outcome.status == .unreachable && byName["down"]?.attempts == 2)
        #expect(byName["slow"]?.outcome.status == .unreachable && byName["slow"]?.attempts == 2)
        #expect(byName["refused"]?.attempts == 1)
        #expect(byName["locked"]?.outcome.status == .denied && byName["locked"]?.attempts == 1)
        #expect(transport.requests.count == 8)  // 2 + 2 + 2 + 1 + 1
    }

    @Test func aHEADThatIsNotAllowedFallsBackToARangedGET() async {
        let transport = ScriptedTransport { request, _ in
            .success(ProbeResponse(status: request.method == "HEAD" ? 405 : 206))
        }
        let results = await StorageChecker(transport: transport, limits: Self.fast).check(Self.urlRecords(1, hosts: 1))
        #expect(results.first?.outcome.status == .ok)
        #expect(transport.requests.map(\.method) == ["HEAD", "GET"])
        #expect(transport.requests.last?.header("Range") == "bytes=0-0")
    }

    @Test func eachTryIsSignedAtItsOwnTime() async {
        let transport = ScriptedTransport { _, earlier in
            earlier == 0 ? .success(ProbeResponse(status: 500)) : .success(ProbeResponse(status: 200))
        }
        let tick = Locked(Int64(1_795_960_832))
        let checker = StorageChecker(
            transport: transport, limits: Self.fast,
            clock: {
                let now = tick.withLock { value -> Int64 in
                    value += 60
                    return value
                }
                return SigV4Date(secondsSince1970: now)
            })
        let source = ProbeFixtures.s3Family(bucket: "photos")[0]
        _ = await checker.check([Self.record(source, index: 1)])
        let dates = transport.requests.compactMap { $0.header("X-Amz-Date") }
        #expect(dates.count == 2 && dates[0] != dates[1])
    }

    @Test func settledRecordsAreReportedWithoutARequest() async {
        let transport = ScriptedTransport { _, _ in .success(ProbeResponse(status: 200)) }
        let r2 = ProbeFixtures.s3Family(bucket: "photos")[4]
        let results = await StorageChecker(transport: transport, limits: Self.fast).check([Self.record(r2, index: 1)])
        #expect(results.first?.outcome.status == .notChecked)
        #expect(transport.requests.isEmpty)
    }

    @Test func theReportIsValidatesFormatWithTheLocationOfTheField() async throws {
        let transport = ScriptedTransport { _, _ in
            .success(ProbeResponse(status: 403, body: Array("<Error><Code>SignatureDoesNotMatch</Code></Error>".utf8)))
        }
        let source = ProbeFixtures.s3Family(bucket: "photos")[0]
        var record = Self.record(source, index: 3)
        record.locations["secret_access_key"] = SourceLocation(file: "b.csv", line: 4, column: 27)
        let report = CheckReport(checks: await StorageChecker(transport: transport, limits: Self.fast).check([record]))
        let line = try #require(report.diagnostics.first).formatted
        #expect(line.hasPrefix("b.csv:4:27: error[check-denied]: source 's3-photos': Amazon S3 refused the signature"))
        #expect(report.summary == "1 source checked: 1 denied")
        #expect(report.hasFailures)
    }
}
