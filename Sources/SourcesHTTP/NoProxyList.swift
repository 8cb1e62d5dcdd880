#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The hosts of `NO_PROXY` / `no_proxy`, matched as curl matches them, plus ports.
///
/// Entries are separated by commas or blanks. Each entry is one of:
/// - `*`: every host (curl honours it only as the whole value; anywhere here, as in Go).
/// - a name: `example.com` matches `example.com` and `www.example.com`, never
///   `notexample.com`; a leading `.` (or `*.`) and a trailing `.` are ignored, case too.
/// - an IP address, optionally with `/BITS` (CIDR): `10.0.0.0/8`, `::1`, `fd00::/8`; it
///   matches a URL whose host is that address, never a name that resolves to it (the
///   decision is made before any lookup).
/// - any of those with `:PORT` (`[::1]:8080` for IPv6): then only that port matches
///   (curl ignores such an entry altogether; Go and Python honour it).
public struct NoProxyList: Sendable, Equatable {
    enum Entry: Sendable, Equatable {
        case all
        case domain(String, port: Int?)
        case address([UInt8], bits: Int, port: Int?)
    }

    let entries: [Entry]

    /// Parses a `NO_PROXY` value; entries that cannot be understood are ignored (as curl does).
    public init(_ value: String) {
        entries = value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).compactMap {
            Self.entry(String($0))
        }
    }

    /// True when a request to `host` on `port` must not use the proxy.
    public func matches(host rawHost: String, port: Int) -> Bool {
        let host = Self.normalised(rawHost)
        let address = Self.address(host)
        return entries.contains { entry in
            switch entry {
            case .all: return true
            case .domain(let name, let entryPort):
                guard address == nil, entryPort == nil || entryPort == port else { return false }
                return host == name || host.hasSuffix("." + name)
            case .address(let network, let bits, let entryPort):
                guard let address, entryPort == nil || entryPort == port else { return false }
                return Self.sameNetwork(address, network, bits: bits)
            }
        }
    }

    /// A host lower-cased, without IPv6 brackets or a trailing dot.
    static func normalised(_ host: String) -> String {
        var h = host.lowercased()
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        while h.hasSuffix(".") { h.removeLast() }
        return h
    }

    private static func entry(_ token: String) -> Entry? {
        if token == "*" { return .all }
        var text = token.lowercased()
        var port: Int?
        if text.hasPrefix("[") {
            // [v6] or [v6]:port
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let p = Int(rest.dropFirst()) else { return nil }
                port = p
            } else if !rest.isEmpty {
                return nil
            }
            text = String(text[text.index(after: text.startIndex)..<close])
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            guard let p = Int(text[text.index(after: colon)...]) else { return nil }
            port = p
            text = String(text[..<colon])
        }
        var bits: Int?
        if let slash = text.firstIndex(of: "/") {
            bits = Int(text[text.index(after: slash)...])
            text = String(text[..<slash])
        }
        if let address = address(text) {
            let full = address.count * 8
            let prefix = min(max(bits ?? full, 0), full)
            return .address(address, bits: prefix, port: port)
        }
        if text.hasPrefix("*.") { text.removeFirst(2) } else if text.hasPrefix(".") { text.removeFirst() }
        while text.hasSuffix(".") { text.removeLast() }
        guard !text.isEmpty, bits == nil else { return nil }
        return .domain(text, port: port)
    }

    /// The bytes of an IPv4 (4) or IPv6 (16) address literal; nil for a name.
    static func address(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if text.contains(":"), inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    private static func sameNetwork(_ a: [UInt8], _ b: [UInt8], bits: Int) -> Bool {
        guard a.count == b.count else { return false }
        var left = bits
        for (x, y) in zip(a, b) where left > 0 {
            let take = min(8, left)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - take))
            if x & mask != y & mask { return false }
            left -= take
        }
        return true
    }
}
