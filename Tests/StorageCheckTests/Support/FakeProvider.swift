import Foundation
import Hummingbird
import Logging
import NIOCore
import StorageCheck
import TestSupport

/// A small HTTP server on a real loopback socket (port chosen by the OS) that answers as a
/// test tells it: Azure Storage's documented answers to a SAS request, a web origin, a slow
/// provider. It records what it received.
final class FakeProvider: @unchecked Sendable {
    struct Received: Sendable {
        var method: String
        var path: String
        /// The query's parameters, decoded.
        var query: [String: String]
        var headers: [String: String]
    }

    struct Answer: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: String = ""
        /// Waits this long before answering.
        var delay: Duration = .zero
    }

    let port: Int
    let host: String
    private let task: Task<Void, any Error>
    private let lock = NSLock()
    private var log: [Received] = []

    var received: [Received] { lock.withLock { log } }
    var baseURL: String { "http://\(host):\(port)" }

    /// Starts listening on `host` (a loopback address), answering every request with `answer`.
    static func start(
        host: String = "127.0.0.1", answer: @escaping @Sendable (Received) async -> Answer
    ) async throws -> FakeProvider {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let box = RecorderBox()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var query: [String: String] = [:]
            for pair in (request.uri.query ?? "").split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query[AWSPercentEncoding.decode(String(parts[0]))] =
                    parts.count > 1 ? AWSPercentEncoding.decode(String(parts[1])) : ""
            }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            headers["host"] = request.head.authority
            let received = Received(
                method: request.method.rawValue, path: request.uri.path, query: query, headers: headers)
            box.provider?.record(received)
            let reply = await answer(received)
            if reply.delay > .zero { try await Task.sleep(for: reply.delay) }
            var fields = HTTPFields()
            for (name, value) in reply.headers {
                if let fieldName = HTTPFields.Element.Name(name) {
                    fields.append(HTTPFields.Element(name: fieldName, value: value))
                }
            }
            return Response(
                status: .init(code: reply.status), headers: fields,
                body: .init(byteBuffer: ByteBuffer(string: reply.body)))
        }
        var logger = Logger(label: "fake-provider")
        logger.logLevel = .critical
        let app = Application(
            responder: responder, configuration: .init(address: .hostname(host, port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logger)
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw CancellationError()
        }
        let provider = FakeProvider(port: port, host: host, task: task)
        box.provider = provider
        return provider
    }

    private init(port: Int, host: String, task: Task<Void, any Error>) {
        self.port = port
        self.host = host
        self.task = task
    }

    private func record(_ request: Received) { lock.withLock { log.append(request) } }

    /// Stops listening and waits until the server has stopped.
    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Lets the responder, built before the provider, reach it.
    private final class RecorderBox: @unchecked Sendable {
        weak var provider: FakeProvider?
    }
}

/// A loopback port with nothing listening: a server's, after it stopped.
func closedPort() async throws -> Int {
    let provider = try await FakeProvider.start { _ in FakeProvider.Answer(status: 200) }
    await provider.stop()
    return provider.port
}
