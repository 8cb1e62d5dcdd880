/// Chooses which probe to send next so that at most `perHost` requests are in flight to any
/// one host, in input order as far as that allows.
///
/// A probe whose host is full waits in that host's queue and goes as soon as one of the
/// host's requests finishes; meanwhile later probes to other hosts go ahead. Each probe is
/// looked at twice at most, so a million records cost no more than a million steps.
struct HostScheduler {
    private let hosts: [String]
    private let perHost: Int
    private var cursor = 0
    private var inFlight: [String: Int] = [:]
    private var waiting: [String: [Int]] = [:]
    private var waitingHead: [String: Int] = [:]
    private var freed: [String] = []

    /// A scheduler for items whose hosts are `hosts` (one per item, in input order).
    init(hosts: [String], perHost: Int) {
        self.hosts = hosts
        self.perHost = max(1, perHost)
    }

    /// The next item to start, or nil when every item left waits for a busy host.
    mutating func next() -> Int? {
        while let host = freed.popLast() {
            guard inFlight[host, default: 0] < perHost, let queue = waiting[host] else { continue }
            let head = waitingHead[host, default: 0]
            guard head < queue.count else { continue }
            waitingHead[host] = head + 1
            if head + 1 == queue.count {
                waiting[host] = nil
                waitingHead[host] = nil
            }
            inFlight[host, default: 0] += 1
            return queue[head]
        }
        while cursor < hosts.count {
            let item = cursor
            cursor += 1
            let host = hosts[item]
            if inFlight[host, default: 0] < perHost {
                inFlight[host, default: 0] += 1
                return item
            }
            waiting[host, default: []].append(item)
        }
        return nil
    }

    /// Marks `item` finished: its host has room for one more.
    mutating func finished(_ item: Int) {
        let host = hosts[item]
        inFlight[host, default: 1] -= 1
        freed.append(host)
    }

    /// How many requests are in flight to `host`.
    func inFlight(to host: String) -> Int { inFlight[host, default: 0] }
}
