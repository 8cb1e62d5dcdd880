import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 child channel behind a ``ConnectionGate``: a connection that finds
/// every slot taken is answered 503 and closed (``ConnectionRefusalHandler``) instead of
/// being served.
///
/// Refusing, rather than leaving the excess in the kernel's listen queue, keeps that queue
/// drained: once it is full the kernel drops new SYNs, and a client that arrives just
/// after a flood then waits a whole SYN retransmission (1 s, then 3 s) although the server
/// is free again. A refused client gets an immediate, retryable answer instead.
struct LimitedHTTP1Channel: ServerChildChannel {
    /// A served connection, or one that is being refused.
    enum Value: ServerChildChannelValue {
        case served(HTTP1Channel.Value)
        case refused(any Channel)

        var channel: any Channel {
            switch self {
            case .served(let value): value.channel
            case .refused(let channel): channel
            }
        }
    }

    let http1: HTTP1Channel
    let gate: ConnectionGate

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let gate = self.gate
        guard gate.enter() else {
            return channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ConnectionRefusalHandler(limit: gate.limit))
                return .refused(channel)
            }
        }
        channel.closeFuture.whenComplete { _ in gate.leave() }
        return http1.setup(channel: channel, logger: logger).map { .served($0) }
    }

    func handle(value: Value, logger: Logger) async {
        switch value {
        case .served(let served): await http1.handle(value: served, logger: logger)
        case .refused: break  // ConnectionRefusalHandler answers and closes it on its own
        }
    }
}
