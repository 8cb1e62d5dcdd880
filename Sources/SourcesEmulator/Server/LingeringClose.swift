import NIOCore

/// Ends a connection the way nginx's "lingering close" does: shut down the write side once
/// the pending writes are out (the client sees the end of the answer), keep reading what
/// the client still sends so the kernel does not reset the connection over unread data,
/// and close for good after a linger if the client has not closed by then.
///
/// Used on the channel's event loop only; `cancel()` it when the handler that started it
/// is removed (the channel closed first).
struct LingeringClose {
    /// How long to keep a half-closed connection before closing it, by default.
    static let linger = TimeAmount.seconds(2)

    private let timer: Scheduled<Void>

    /// Shuts down the write side of `context`'s channel and schedules the full close.
    static func start(_ context: ChannelHandlerContext, linger: TimeAmount = linger) -> LingeringClose {
        context.close(mode: .output, promise: nil)
        let timer = context.eventLoop.assumeIsolated().scheduleTask(in: linger) {
            context.close(mode: .all, promise: nil)
        }
        return LingeringClose(timer: timer)
    }

    func cancel() { timer.cancel() }
}
