import Foundation
import SourcesAPI
import SourcesCore

/// The attempts of one record's write, from first send to result.
///
/// Updates are idempotent and simply retried. A create whose outcome is unknown is
/// settled by looking its name up before anything is sent again; a `422 … already been
/// taken` after such an attempt is settled the same way.
struct RecordAttempt {
    let item: PlanItem
    var attempts = 0
    var lastStatus: Int?
    var lastError: APIError?
    /// Set after a create attempt whose outcome is unknown: the lookup mark.
    var ambiguousSince: Int?

    init(item: PlanItem) { self.item = item }

    mutating func run(_ uploader: Uploader) async -> RecordResult {
        let control = uploader.control
        while true {
            guard await uploader.runner.admit() else { return stopped(control, after: lastError) }
            attempts += 1
            uploader.progress.sent(retry: attempts > 1)
            let error: APIError
            do {
                let response = try await send(uploader.service)
                await uploader.governor.record(.success(response.rateLimit))
                uploader.runner.gate.succeeded()
                lastStatus = response.status
                let status: ResultStatus = switch item.action {
                case .create: .created
                case .delete: .deleted
                default: .updated
                }
                return finish(status, id: response.id ?? item.remoteID)
            } catch let failure {
                error = failure
            }
            await uploader.governor.record(error: error)
            lastStatus = error.status
            lastError = error
            if case .unauthorized(let status, _) = error {
                control.abort(.keyRefused(status: status))
                return finish(.failed, errors: [error.description])
            }
            if item.action == .delete, case .http(404, _, _) = error {
                // Gone: deleted by an earlier attempt whose answer was lost, or by someone else.
                return finish(.deleted, errors: attempts > 1 ? [] : ["it was already gone from the account (HTTP 404)"])
            }
            let taken = Self.isNameTaken(error)
            if item.action == .create && (error.outcomeUnknown || (taken && ambiguousSince != nil)) {
                ambiguousSince = await uploader.lookup.mark()
            }
            if taken && ambiguousSince != nil {
                return await settle(uploader, after: error, retryWhenAbsent: false) ?? failed(error)
            }
            switch uploader.runner.gate.decide(after: error, attempt: attempts) {
            case .giveUp:
                if ambiguousSince != nil {
                    return await settle(uploader, after: error, retryWhenAbsent: false) ?? failed(error)
                }
                return failed(error)
            case .budgetSpent:
                control.abort(.retryBudgetSpent)
                return failed(error, note: "the run's retry budget is spent")
            case .retry(let delay):
                if delay > .zero, await !uploader.runner.backOff(delay) { return stopped(control, after: error) }
                if ambiguousSince != nil, let settled = await settle(uploader, after: error, retryWhenAbsent: true) {
                    return settled
                }
            }
        }
    }

    private func send(_ service: any SourcesService) async throws(APIError)
        -> (status: Int, rateLimit: RateLimitHeaders, id: String?)
    {
        switch item.action {
        case .create:
            let response = try await service.create(item.intendedSource)
            return (response.status, response.rateLimit, response.body.id)
        case .delete:
            let response = try await service.delete(id: item.remoteID ?? "")
            return (response.status, response.rateLimit, item.remoteID)
        default:
            let response = try await service.update(
                id: item.remoteID ?? "", name: item.renamedFrom == nil ? nil : item.name, credentials: item.payload)
            return (response.status, response.rateLimit, response.body.id)
        }
    }

    /// The names of the fields an update sends (`source` for a rename); nil for other actions.
    private var sentFields: [String]? {
        guard item.action == .update else { return nil }
        return (item.renamedFrom == nil ? [] : ["source"]) + item.payload.keys
    }

    /// Looks the name up after an ambiguous create. Returns the final result, or nil
    /// when the source is absent and `retryWhenAbsent` says the create may be sent again.
    private mutating func settle(_ uploader: Uploader, after error: APIError, retryWhenAbsent: Bool) async
        -> RecordResult?
    {
        uploader.progress.reconciled()
        let found: Source?
        do {
            found = try await uploader.lookup.find(item.name, after: ambiguousSince ?? 0)
        } catch {
            return finish(
                .failed,
                errors: [
                    "\(error)",
                    "outcome unknown: the create may have been carried out and the account could not be checked; "
                        + "run the import again (or --resume) to settle it",
                ])
        }
        guard let found else {
            return retryWhenAbsent ? nil : failed(error)
        }
        if Self.matches(found, intended: item.intendedSource) {
            return finish(.created, id: found.id)
        }
        return finish(
            .failed, id: found.id,
            errors: [
                "\(error)",
                "a source named '\(item.name)' is now in the account with other values; it was not changed "
                    + "(run the import again to update it)",
            ])
    }

    /// True when the account's `found` holds what the create sent (secrets, which the API
    /// redacts, are not compared).
    static func matches(_ found: Source, intended: Source) -> Bool {
        guard found.type == intended.type else { return false }
        for (key, value) in intended.credentials {
            guard let remote = found.credentials[key] else { return false }
            if SecretAttributes.isRedacted(remote) { continue }
            if remote != value { return false }
        }
        return true
    }

    /// A 422 whose messages say the name is taken.
    static func isNameTaken(_ error: APIError) -> Bool {
        guard case .http(422, let messages, _) = error else { return false }
        return messages.contains { $0.lowercased().contains("already been taken") }
    }

    private func finish(_ status: ResultStatus, id: String? = nil, errors: [String] = []) -> RecordResult {
        item.result(status, id: id, attempts: attempts, httpStatus: lastStatus, errors: errors, fields: sentFields)
    }

    private func failed(_ error: APIError, note: String? = nil) -> RecordResult {
        var errors = error.serverMessages.isEmpty ? [error.description] : error.serverMessages
        if attempts > 1 { errors.append("gave up after \(attempts) attempts") }
        if let note { errors.append(note) }
        if ambiguousSince != nil && item.action == .create {
            errors.append("outcome unknown: the create may have been carried out; run the import again to settle it")
        }
        return finish(.failed, errors: errors)
    }

    private func stopped(_ control: RunControl, after error: APIError? = nil) -> RecordResult {
        let why = control.abortReason.map { "not sent: the run was aborted (\($0))" }
            ?? "not sent: the run was interrupted"
        guard attempts > 0 else { return finish(.skipped, errors: [why]) }
        var errors = error.map { [$0.serverMessages.isEmpty ? $0.description : $0.serverMessages.joined(separator: "; ")] } ?? []
        errors.append("not retried: " + why.dropFirst("not sent: ".count))
        if ambiguousSince != nil {
            errors.append("outcome unknown: the create may have been carried out; resume to settle it")
        }
        return finish(.failed, errors: errors)
    }
}
