import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Ends the connection after a response that says `Connection: close` (the emulator sends
/// one after a 413, when the rest of a too-large body was never read).
///
/// Hummingbird keeps such a connection and waits for a next request behind the unread
/// body, so a client that sent 10 MB and then waited for the connection to end waited
/// forever. Closing at once is not right either (see ``LingeringClose``): the response is
/// sent, the write side shut down, and the connection closed when the client closes or
/// after the linger, whichever comes first. Hummingbird discards the body meanwhile.
final class CloseAfterResponseHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var closeAfterEnd = false
    private var lingering: LingeringClose?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            closeAfterEnd = head.headerFields[.connection]?.lowercased() == "close"
        case .end where closeAfterEnd && lingering == nil:
            context.writeAndFlush(data, promise: promise)
            lingering = LingeringClose.start(context)
            return
        case .body, .end:
            break
        }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        lingering?.cancel()
        lingering = nil
    }
}
