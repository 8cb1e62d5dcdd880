import SourcesAPI
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
/// With a ``ListingDecoder`` (the list request), a 2xx body that is a JSON array goes to
/// the decoder as it arrives and is not kept: the limit then applies to each source, not
/// to the whole list. Any other body (an error, HTML, an object) is collected as usual.
///
/// AsyncHTTPClient calls every method on the connection's event loop, one after another,
/// so the mutable state needs no lock.
// @unchecked Sendable: confined to the connection's event loop (see above).
final class ResponseCollector: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = CollectedResponse

    private let limit: Int
    private var listing: ListingDecoder?
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()

    init(limit: Int, listing: ListingDecoder? = nil) {
        self.limit = limit
        self.listing = listing
    }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        self.head = head
        if !(200..<300).contains(head.status.code) { listing = nil }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        if let listing {
            do throws(ListingDecoder.Failure) {
                try buffer.withUnsafeReadableBytes { bytes throws(ListingDecoder.Failure) in
                    try listing.consume(bytes)
                }
            } catch {
                return task.eventLoop.makeFailedFuture(invalidListing(error))
            }
            switch listing.shape {
            case .array:
                body.clear()
                return task.eventLoop.makeSucceededVoidFuture()
            case .other:
                self.listing = nil
            case .undecided:
                break  // blank so far: keep it, in case the body turns out not to be a list
            }
        }
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
        do throws(ListingDecoder.Failure) { try listing?.finish() } catch { throw invalidListing(error) }
        return CollectedResponse(status: Int(head.status.code), headers: head.headers, body: body)
    }
}

extension ResponseCollector {
    /// A list body that broke off or is not a list of sources; quotes no value (it may hold secrets).
    private func invalidListing(_ failure: ListingDecoder.Failure) -> APIError {
        let status = head.map { Int($0.status.code) } ?? 0
        let contentType =
            head?.headers.first(name: "content-type").map {
                $0.split(separator: ";").first.map(String.init) ?? $0
            } ?? "no content type"
        return .invalidResponse(status: status, detail: "\(contentType), list of sources: \(failure)")
    }
}
