import NIOCore

/// Answers a connection over the cap with a 503 and ends it, without reading a request.
///
/// The answer goes out as soon as the connection is active; then the write side is shut
/// down and whatever the client sends is discarded until it closes, or for at most
/// ``linger`` (closing at once, with its request unread, would make the
/// kernel reset the connection and could destroy the 503 before the client read it).
final class ConnectionRefusalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Shorter than a 413's linger: the client has nothing large to send, and a refused
    /// connection holds a descriptor of the budget until it is closed.
    static let linger = TimeAmount.milliseconds(500)

    private let limit: Int
    private var answered = false
    private var lingering: LingeringClose?

    init(limit: Int) {
        self.limit = limit
    }

    /// The whole HTTP/1.1 response sent to a refused connection.
    static func response(limit: Int) -> String {
        let body = JSONWriter.errors([
            "Too many connections: the emulator holds at most \(limit) at once (--max-connections); retry shortly"
        ])
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: \(Reply.contentType)\r\n"
            + "Content-Length: \(body.utf8.count)\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + body
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { answer(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        answer(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}  // the request is not read

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        lingering?.cancel()
        lingering = nil
    }

    private func answer(_ context: ChannelHandlerContext) {
        guard !answered else { return }
        answered = true
        let buffer = context.channel.allocator.buffer(string: Self.response(limit: limit))
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        lingering = LingeringClose.start(context, linger: Self.linger)
    }
}
