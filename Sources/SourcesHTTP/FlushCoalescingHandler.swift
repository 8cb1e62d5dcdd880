import NIOCore

/// Sends what a connection writes in one event-loop tick with one flush.
///
/// AsyncHTTPClient flushes a request's head on its own and then its body: two `write(2)`
/// calls and two TCP segments per POST, so the server too wakes and reads twice. Installed
/// next to the socket (``install(on:)``, through AsyncHTTPClient's connection initializer),
/// this handler holds a flush until the end of the current event-loop tick, by which time
/// the body has been written too; both then leave in one `writev(2)`. Nothing waits longer
/// than the tick: the deferred flush is an event-loop task, run before the loop sleeps.
final class FlushCoalescingHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    private var flushPending = false

    /// Adds the handler to `channel` next to the socket.
    static func install(on channel: any Channel) -> EventLoopFuture<Void> {
        channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(FlushCoalescingHandler(), position: .first)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        guard !flushPending else { return }
        flushPending = true
        context.eventLoop.assumeIsolated().execute { [self] in
            guard flushPending else { return }
            flushPending = false
            context.flush()
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        // What was written before a close goes out first, as it would have without this handler.
        if flushPending {
            flushPending = false
            context.flush()
        }
        context.close(mode: mode, promise: promise)
    }
}
