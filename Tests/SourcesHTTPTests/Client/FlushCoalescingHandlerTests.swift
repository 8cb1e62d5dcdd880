import NIOCore
import NIOEmbedded
import Testing

@testable import SourcesAPI
@testable import SourcesHTTP

/// The handler that makes a POST's head and body one segment, on NIO's embedded channel
/// (whose event loop runs only when told to, so "later in this tick" is observable).
@Suite("FlushCoalescingHandler")
struct FlushCoalescingHandlerTests {
    @Test func flushesOfOneTickLeaveTogetherAtItsEnd() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(FlushCoalescingHandler(), position: .first)
        // What AsyncHTTPClient does for a POST: head written and flushed, then the body.
        channel.write(ByteBuffer(string: "head"), promise: nil)
        channel.flush()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        channel.write(ByteBuffer(string: "body"), promise: nil)
        channel.flush()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        channel.embeddedEventLoop.run()
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "head"))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "body"))
        _ = try channel.finish()
    }

    @Test func aCloseSendsWhatWasWrittenFirst() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(FlushCoalescingHandler(), position: .first)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        channel.write(ByteBuffer(string: "last words"), promise: nil)
        channel.flush()
        channel.close(promise: nil)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "last words"))
    }
}
