import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A listening socket on 127.0.0.1 (port chosen by the system) whose connections each get a
/// thread of their own: the accept loop of the tests' hand-written servers (a forward proxy,
/// a raw HTTP server), which must answer in ways no real server library would.
public final class LoopbackListener: @unchecked Sendable {
    // @unchecked: `stopped` is read and written under `lock`; the rest is let.
    public let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var stopped = false

    /// Binds and listens (nothing is accepted before ``start(_:)``).
    public init(backlog: Int32 = 64) throws {
        (fd, port) = try LoopbackSocket.listener(backlog: backlog)
    }

    /// Accepts connections on a thread of its own until ``stop()``, handing each to `serve` on
    /// a new thread (`serve` owns the descriptor and closes it).
    public func start(_ serve: @escaping @Sendable (Int32) -> Void) {
        Thread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 {
                    if lock.withLock({ stopped }) { return }
                    continue
                }
                Thread { serve(client) }.start()
            }
        }.start()
    }

    /// Stops accepting and closes the listening socket.
    public func stop() {
        lock.withLock { stopped = true }
        #if canImport(Glibc)
            shutdown(fd, Int32(SHUT_RDWR))
        #else
            shutdown(fd, SHUT_RDWR)
        #endif
        close(fd)
    }
}
