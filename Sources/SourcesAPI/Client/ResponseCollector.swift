import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// A whole HTTP response as ``SourcesClient`` reads it: status, headers, body.
struct CollectedResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
}

/// The response body went past ``SourcesClient/maxBodyBytes``.
struct ResponseTooLarge: Error, Sendable {
    var status: Int
    var limit: Int
}

/// Collects one response on the connection's event loop, up to a size limit.
///
/// AsyncHTTPClient's delegate API: unlike its `async` `execute`, it needs no Swift task
/// per request (AsyncHTTPClient 1.37 starts an unstructured `Task` in every `async` execute,
/// which runs on the global pool and costs two thread switches per request).
///
/// AsyncHTTPClient calls every method on the connection's event loop, one after another,
/// so the mutable state needs no lock.
final class ResponseCollector: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = CollectedResponse

    private let limit: Int
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()

    init(limit: Int) {
        self.limit = limit
    }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        self.head = head
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        guard body.readableBytes + buffer.readableBytes <= limit else {
            let status = head.map { Int($0.status.code) } ?? 0
            return task.eventLoop.makeFailedFuture(ResponseTooLarge(status: status, limit: limit))
        }
        if body.readableBytes == 0 {
            body = buffer
        } else {
            var part = buffer
            body.writeBuffer(&part)
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws -> Response {
        guard let head else { throw HTTPClientError.remoteConnectionClosed }
        return CollectedResponse(status: Int(head.status.code), headers: head.headers, body: body)
    }
}
