import SourcesCore
import Testing

@testable import StorageCheck

@Suite struct HostSchedulerTests {
    /// Random completions over random hosts: never more than `perHost` to a host, every item
    /// started exactly once, and an item waits only while its host is full.
    @Test(arguments: [1, 2, 6]) func holdsTheLimitAndStartsEveryItemOnce(perHost: Int) {
        var random = SplitMix64(seed: UInt64(perHost) * 7919)
        let hosts = (0..<2000).map { _ in "h\(random.next() % (random.next() % 2 == 0 ? 3 : 200))" }
        var scheduler = HostScheduler(hosts: hosts, perHost: perHost)
        var running: [Int] = []
        var started = Set<Int>()
        let concurrency = 16
        while true {
            while running.count < concurrency, let next = scheduler.next() {
                #expect(started.insert(next).inserted)
                running.append(next)
                #expect(scheduler.inFlight(to: hosts[next]) <= perHost)
            }
            if running.isEmpty { break }
            let done = running.remove(at: Int(random.next() % UInt64(running.count)))
            scheduler.finished(done)
        }
        #expect(started.count == hosts.count)
    }

    @Test func startsInInputOrderWhenNoHostIsFull() {
        var scheduler = HostScheduler(hosts: ["a", "b", "c", "d"], perHost: 6)
        #expect(
            [scheduler.next(), scheduler.next(), scheduler.next(), scheduler.next(), scheduler.next()] == [
                0, 1, 2, 3, nil,
            ])
    }

    @Test func aWaitingItemGoesWhenItsHostFrees() {
        var scheduler = HostScheduler(hosts: ["a", "a", "b"], perHost: 1)
        #expect(scheduler.next() == 0)
        #expect(scheduler.next() == 2)  // 1 waits for "a"
        #expect(scheduler.next() == nil)
        scheduler.finished(0)
        #expect(scheduler.next() == 1)
    }
}

@Suite struct SecretRedactorTests {
    @Test func removesSecretsInEveryEncodingAndControlCharacters() {
        let redactor = SecretRedactor(secrets: ["a/b+c=", "****", ""])
        #expect(redactor.clean("x a/b+c= y") == "x [redacted] y")
        #expect(redactor.clean("x a%2Fb%2Bc%3D y") == "x [redacted] y")
        #expect(redactor.clean("line\none\u{1B}[31m\ttab") == "line one [31m tab")
        #expect(redactor.clean("****") == "****")
        #expect(redactor.clean(String(repeating: "z", count: 1000)).count == SecretRedactor.limit)
    }

    @Test func aSASTokensSignatureIsASecretOnItsOwn() {
        let source = Source(
            name: "az", type: "azure",
            credentials: [
                "account_name": "a", "sas_token": "sv=2022-11-02&se=2030-01-01&sig=AbC%2Bdef%3D",
                "secret_token": "tok3n",
            ])
        let redactor = SecretRedactor(source: source)
        #expect(redactor.clean("sig=AbC+def= expiry 2030-01-01") == "sig=[redacted] expiry 2030-01-01")
        #expect(redactor.clean("the key tok3n") == "the key [redacted]")
    }
}
