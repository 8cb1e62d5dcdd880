import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Stops the listening socket from spinning when `accept` runs out of descriptors.
///
/// NIO's own `AcceptBackoffHandler` delays the *next* read after an accept error, but when
/// the very first `accept` of a wake-up fails (EMFILE), NIO keeps the read pending and the
/// socket registered: epoll reports the waiting connections again at once, `accept` fails
/// again, and the event loop spins (the review measured ~160% CPU, with no one answered).
/// This handler, first in the listening channel's pipeline, turns reading off on such an
/// error (which takes the socket out of epoll) and back on after ``pause``, doubling the
/// pause up to ``maximumPause`` while the errors go on.
///
/// The connection budget (``ConnectionLimits``) keeps the emulator below its descriptor
/// limit, so this is the last line: descriptors taken by something else, or a limit
/// lowered while running.
final class AcceptErrorGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    static let pause = TimeAmount.milliseconds(100)
    static let maximumPause = TimeAmount.milliseconds(500)

    private var nextPause = AcceptErrorGuard.pause
    private var resume: Scheduled<Void>?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        nextPause = Self.pause  // an accept worked: the next error starts with a short pause again
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? IOError, [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(error.errnoCode), resume == nil {
            try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
            let pause = nextPause
            nextPause = min(nextPause * 2, Self.maximumPause)
            resume = context.eventLoop.assumeIsolated().scheduleTask(in: pause) {
                self.resume = nil
                try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
            }
        }
        context.fireErrorCaught(error)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        resume?.cancel()
        resume = nil
    }
}
