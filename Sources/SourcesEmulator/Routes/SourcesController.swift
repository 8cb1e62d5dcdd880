import HTTPTypes
import Hummingbird
import SourcesCore

/// The Sources API routes: list, get, create, update and delete, scoped to the
/// account of the request's key.
struct SourcesController: Sendable {
    let state: EmulatorState

    /// Registers the routes under `prefix` (`/v1/sources` and `/api/v1/sources`).
    func register(on router: Router<EmulatorContext>, prefix: String) {
        router.get(RouterPath(prefix), use: list)
        router.post(RouterPath(prefix), use: create)
        router.get(RouterPath(prefix + "/:id"), use: show)
        router.patch(RouterPath(prefix + "/:id"), use: update)
        router.delete(RouterPath(prefix + "/:id"), use: delete)
    }

    @Sendable func list(_ request: Request, context: EmulatorContext) async throws -> Response {
        let sources = state.store.listRendered(account: context.account)
        return Reply.json(.ok, "[" + sources.joined(separator: ",") + "]")
    }

    @Sendable func show(_ request: Request, context: EmulatorContext) async throws -> Response {
        guard let id = sourceID(context),
            let source = state.store.findRendered(id: id, account: context.account)
        else { return Reply.sourceNotFound }
        return Reply.json(.ok, source)
    }

    @Sendable func create(_ request: Request, context: EmulatorContext) async throws -> Response {
        let payload: SourcePayload
        switch await readPayload(request) {
        case .success(let p): payload = p
        case .failure(let reply): return reply.response
        }
        var problems = payload.problems
        let name = payload.name.text ?? ""
        let typeText = (payload.type.text ?? "").trimmingWhitespace()
        let type = SourceType(rawValue: typeText)
        var credentials = Credentials()
        payload.merge(into: &credentials, type: type, problems: &problems)
        Self.ensureSecretToken(&credentials, type: type)
        let messages = Self.messages(name: payload.name.text, type: payload.type.text, credentials, problems)
        let outcome = try state.store.create(
            account: context.account, name: name, type: type?.rawValue ?? typeText, credentials: credentials,
            violations: messages)
        return respond(outcome, status: .created)
    }

    @Sendable func update(_ request: Request, context: EmulatorContext) async throws -> Response {
        guard let id = sourceID(context) else { return Reply.sourceNotFound }
        let payload: SourcePayload
        switch await readPayload(request) {
        case .success(let p): payload = p
        case .failure(let reply): return reply.response
        }
        let outcome = try state.store.update(id: id, account: context.account) { existing in
            var updated = existing
            var problems = payload.problems
            if case .value(let name) = payload.name { updated.name = name ?? "" }
            // A source's type never changes (the seed is silent; see `typeChangeMessage`): the same
            // type may be sent again, another one is refused and nothing is changed.
            if case .value(let type) = payload.type, (type ?? "").trimmingWhitespace() != existing.type {
                problems.append(("source_type", Self.typeChangeMessage))
            }
            let type = SourceType(rawValue: updated.type)
            payload.merge(into: &updated.credentials, type: type, problems: &problems)
            Self.ensureSecretToken(&updated.credentials, type: type)
            let messages = Self.messages(name: updated.name, type: updated.type, updated.credentials, problems)
            return (updated, messages)
        }
        return respond(outcome, status: .ok)
    }

    @Sendable func delete(_ request: Request, context: EmulatorContext) async throws -> Response {
        guard let id = sourceID(context), try state.store.delete(id: id, account: context.account) else {
            return Reply.sourceNotFound
        }
        return Reply.json(.ok, "{}")
    }

    // MARK: Helpers

    private func sourceID(_ context: EmulatorContext) -> String? {
        guard let id = context.parameters.get("id"), Hex.isObjectID(Substring(id)) else { return nil }
        return id
    }

    private func respond(_ outcome: WriteOutcome, status: HTTPResponse.Status) -> Response {
        switch outcome {
        case .saved(let rendered): Reply.json(status, rendered)
        case .rejected(let messages): Reply.errors(.unprocessableContent, messages)
        case .notFound: Reply.sourceNotFound
        }
    }

    /// A 400 or 413 to send instead of handling the request.
    struct EarlyReply: Error {
        var response: Response
    }

    private func readPayload(_ request: Request) async -> Result<SourcePayload, EarlyReply> {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: EmulatorState.maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return .failure(EarlyReply(response: Reply.errors(for: error.status)))
        } catch {
            return .failure(EarlyReply(response: Reply.errors(.badRequest, ["The request body could not be read"])))
        }
        do {
            return .success(try SourcePayload.parse(Array(body.readableBytesView)))
        } catch {
            return .failure(EarlyReply(response: Reply.errors(.badRequest, [error.message])))
        }
    }

    /// The 422 message for a PATCH that tries to change `source_type`, in the seed's (Rails')
    /// words. The seed says nothing about changing a type; refusing it is the behaviour that
    /// is safe if the real API differs, since the tool never sends a type change (`plan`
    /// reports it as a `type-change` error) and a rehearsal here must not succeed where the
    /// real API might refuse or half-apply it.
    static let typeChangeMessage = "Source type can't be changed"

    /// Generates `secret_token` (32 hex characters) when the source has none.
    private static func ensureSecretToken(_ credentials: inout Credentials, type: SourceType?) {
        guard type != nil else { return }
        if (credentials["secret_token"] ?? "").trimmingWhitespace().isEmpty {
            credentials["secret_token"] = Hex.random(bytes: 16)
        }
    }

    /// Every message for a source: the payload's problems, then the shared rules'
    /// violations (except on fields that already have a problem).
    private static func messages(
        name: String?, type: String?, _ credentials: Credentials, _ problems: [(field: String, message: String)]
    ) -> [String] {
        let flagged = Set(problems.map(\.field))
        let violations = SourceRules.violations(name: name, type: type) { credentials[$0] }
            .filter { !flagged.contains($0.field) }
        return problems.map(\.message) + violations.map(\.message)
    }
}

extension SourcePayload.Field {
    /// The text of a present, non-null value.
    var text: String? {
        if case .value(let text) = self { return text }
        return nil
    }
}
