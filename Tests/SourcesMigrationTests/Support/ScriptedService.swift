import Foundation
import SourcesAPI
import SourcesCore

/// An in-memory account with scripted misbehaviour, for the uploader's decisions that the
/// emulator cannot provoke on demand (a create carried out but answered with a timeout
/// while the listing still lags behind, a 422 after it).
final class ScriptedService: SourcesService, @unchecked Sendable {
    enum CreateFault {
        /// The source is saved, then the answer is lost (a timeout).
        case commitThenTimeout
        /// Nothing is saved and no answer comes (a timeout).
        case timeoutWithoutCommit
        /// A 503, nothing saved.
        case unavailable
    }

    private let lock = NSLock()
    private var sources: [String: Source] = [:]
    private var nextID = 1
    private var faults: [String: [CreateFault]] = [:]
    private var staleListings = 0
    private(set) var createCalls: [String: Int] = [:]
    private(set) var listCalls = 0

    /// Scripts the next create calls for `name`.
    func script(_ name: String, _ faults: [CreateFault]) { lock.withLock { self.faults[name] = faults } }
    /// The next `count` listings omit every source created since the previous listing.
    func lagListings(_ count: Int) { lock.withLock { staleListings = count } }
    private var listed: [String: Source] = [:]

    func list() async throws(APIError) -> APIResponse<[Source]> {
        let body: [Source] = lock.withLock {
            listCalls += 1
            if staleListings > 0 {
                staleListings -= 1
                return Array(listed.values)
            }
            listed = sources
            return Array(sources.values)
        }
        return APIResponse(body: body, status: 200)
    }

    func get(id: String) async throws(APIError) -> APIResponse<Source> {
        throw .http(status: 404, messages: [], rateLimit: .init())
    }

    func create(_ source: Source) async throws(APIError) -> APIResponse<Source> {
        let outcome: Result<Source, APIError> = lock.withLock {
            createCalls[source.name, default: 0] += 1
            let fault = faults[source.name]?.isEmpty == false ? faults[source.name]?.removeFirst() : nil
            if fault == .unavailable {
                return .failure(.http(status: 503, messages: ["Service temporarily unavailable"], rateLimit: .init()))
            }
            if fault == .timeoutWithoutCommit { return .failure(.timeout) }
            if sources[source.name] != nil {
                return .failure(.http(status: 422, messages: ["Source has already been taken"], rateLimit: .init()))
            }
            var saved = source
            saved.id = "id-\(nextID)"
            nextID += 1
            for key in SecretAttributes.redactedByAPI where saved.credentials[key] != nil {
                saved.credentials[key] = SecretAttributes.placeholder
            }
            sources[source.name] = saved
            return fault == .commitThenTimeout ? .failure(.timeout) : .success(saved)
        }
        switch outcome {
        case .success(let saved): return APIResponse(body: saved, status: 201)
        case .failure(let error): throw error
        }
    }

    func update(id: String, name: String?, credentials: Credentials) async throws(APIError) -> APIResponse<Source> {
        throw .http(status: 404, messages: ["not scripted"], rateLimit: .init())
    }

    func delete(id: String) async throws(APIError) -> APIResponse<Void> {
        throw .http(status: 404, messages: ["not scripted"], rateLimit: .init())
    }

    var count: Int { lock.withLock { sources.count } }
}
