#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How many connections the emulator holds at once, and how long one may sit idle.
///
/// A flood of connections that send nothing once held every slot forever and then ran the
/// process out of file descriptors: accept failing with EMFILE, the server spinning and
/// answering nobody, and now and then a crash (SIGILL) in libdispatch, whose worker-pool
/// monitor traps when it cannot open `/proc/self/task/N/stat`. So:
/// - a connection that has not sent a request part for ``idleTimeout`` is closed;
/// - at most ``effectiveMaxConnections`` are served at once; one more is answered 503
///   (`Retry-After: 1`) and closed, so the kernel's listen queue keeps draining and a client
///   arriving after a flood is served at once;
/// - served and refused connections together never take more than
///   ``descriptorBudget(descriptorLimit:)`` descriptors: past that, the server stops
///   accepting until one closes (the rest wait in the listen queue), so `accept` does not
///   run out of descriptors in the first place.
public struct ConnectionLimits: Sendable, Equatable {
    /// `--idle-timeout`'s default.
    public static let defaultIdleTimeout = Duration.seconds(30)
    /// Descriptors kept out of the connection budget for everything else the process opens:
    /// stdio, the listening socket, the event loops' epoll and event descriptors, SQLite
    /// and its journal, a port file, the `/proc` files libdispatch reads (about 20 at rest;
    /// the rest is margin).
    public static let reservedDescriptors = 64
    /// The highest default cap, whatever the descriptor limit: far above what a test or a
    /// rehearsal needs, and a bound on the memory idle connections can take.
    public static let defaultCeiling = 10_000

    /// How long a connection may go without sending part of a request (a head, a body
    /// chunk) while no response is being prepared for it; then it is closed.
    public var idleTimeout: Duration = defaultIdleTimeout
    /// Connections served at once; `nil` derives it from the descriptor limit
    /// (``defaultMaximum(descriptorLimit:)``).
    public var maxConnections: Int? = nil

    /// Every default: a 30 s idle timeout, a cap derived from `RLIMIT_NOFILE`.
    public init() {}

    /// The cap the server applies: the one given, else the derived default.
    public var effectiveMaxConnections: Int {
        maxConnections ?? Self.defaultMaximum(descriptorLimit: Self.descriptorLimit())
    }

    /// The descriptors connections (served or being refused) may take: the limit less
    /// ``reservedDescriptors`` or an eighth of it (whichever is more), at least 1.
    public static func descriptorBudget(descriptorLimit: Int) -> Int {
        max(1, descriptorLimit - max(reservedDescriptors, descriptorLimit / 8))
    }

    /// The default cap: three quarters of the descriptor budget (the last quarter is room to
    /// answer the excess with a 503), at least 1, at most ``defaultCeiling``.
    /// `ulimit -n 256` gives 144; 1024 gives 672; 20,000 gives 10,000.
    public static func defaultMaximum(descriptorLimit: Int) -> Int {
        min(defaultCeiling, max(1, descriptorBudget(descriptorLimit: descriptorLimit) * 3 / 4))
    }

    /// This process's soft `RLIMIT_NOFILE` (what `ulimit -n` shows); 1024 if it cannot be read.
    public static func descriptorLimit() -> Int {
        var limit = rlimit()
        #if canImport(Glibc)
            let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
            let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        // RLIM_INFINITY is all ones: clamped, it is simply a very large limit.
        return Int(clamping: limit.rlim_cur)
    }

    /// The problems with these limits, worded for the user (flag names as `serve` spells them).
    public var problems: [String] {
        var found: [String] = []
        if !(idleTimeout > .zero) { found.append("--idle-timeout must be a positive number of seconds") }
        if let maxConnections {
            let limit = Self.descriptorLimit()
            let ceiling = Self.descriptorBudget(descriptorLimit: limit)
            if maxConnections < 1 {
                found.append("--max-connections must be at least 1")
            } else if maxConnections > ceiling {
                found.append(
                    "--max-connections \(maxConnections) does not fit the file-descriptor limit "
                        + "(ulimit -n is \(limit), "
                        + "which leaves room for \(ceiling) connections): raise the limit or lower --max-connections")
            }
        }
        return found
    }
}
