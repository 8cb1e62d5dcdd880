import Foundation
import SourcesAPI
import SourcesCore

/// The attempts of one record's write, from first send to result, as the uploader's one retry
/// loop (``RequestRunner/run(_:)``) drives them.
///
/// Updates are idempotent and simply retried. A create whose outcome is unknown is
/// settled by looking its name up before anything is sent again. A `422 … already been
/// taken` on a create is always settled by looking the name up: another writer (a second
/// import of the same file) may have created it; with the intended fields it is
/// `unchanged`, with others it is a `conflict` naming the fields that differ.
///
/// Just before a create is first sent, its ``CreateIntent`` goes into the journal, so a
/// crash while it is in flight leaves its name and fingerprint behind.
struct RecordAttempt: RetriedRequest {
    let item: PlanItem
    /// Where the create's intent is written before it is sent (nil: no journal).
    let journal: ResultJournal?
    /// The run's uploader: its service, lookup, progress and switches.
    let uploader: Uploader
    var attempts = 0
    var lastStatus: Int?
    /// Set after a create attempt whose outcome is unknown: the lookup mark.
    var ambiguousSince: Int?
    /// True once a create attempt's outcome was unknown (it may have been carried out).
    var outcomeWasUnknown = false

    init(item: PlanItem, journal: ResultJournal? = nil, uploader: Uploader) {
        self.item = item
        self.journal = journal
        self.uploader = uploader
    }

    /// Writes a create's intent before its first send; a journal that cannot take it aborts
    /// the run, since a create sent without it could not be traced.
    mutating func willSend(attempt: Int) -> RecordResult? {
        if attempt == 1, !writeIntent(uploader.control) { return stopped(after: nil) }
        attempts = attempt
        return nil
    }

    mutating func send() async throws(APIError) -> (output: RecordResult, rateLimit: RateLimitHeaders) {
        let service = uploader.service
        let status: ResultStatus
        let response: (status: Int, rateLimit: RateLimitHeaders, id: String?)
        switch item.action {
        case .create:
            let created = try await service.create(item.intendedSource)
            (response, status) = ((created.status, created.rateLimit, created.body.id), .created)
        case .delete:
            let deleted = try await service.delete(id: item.remoteID ?? "")
            (response, status) = ((deleted.status, deleted.rateLimit, item.remoteID), .deleted)
        default:
            let updated = try await service.update(
                id: item.remoteID ?? "", name: item.renamedFrom == nil ? nil : item.name, credentials: item.payload)
            (response, status) = ((updated.status, updated.rateLimit, updated.body.id), .updated)
        }
        lastStatus = response.status
        return (finish(status, id: response.id ?? item.remoteID), response.rateLimit)
    }

    mutating func attemptFailed(_ error: APIError) async -> RecordResult? {
        lastStatus = error.status
        if case .unauthorized = error { return finish(.failed, errors: [error.description]) }
        if item.action == .delete, case .http(404, _, _) = error {
            // Gone: deleted by an earlier attempt whose answer was lost, or by someone else.
            return finish(.deleted, errors: attempts > 1 ? [] : ["it was already gone from the account (HTTP 404)"])
        }
        if item.action == .update, case .http(404, _, _) = error {
            return finish(
                .failed,
                errors: [
                    "the source (id \(item.remoteID ?? "?")) was deleted from the account while the run was going "
                        + "(HTTP 404); run the import again to create it"
                ])
        }
        if item.action == .create && Self.isNameTaken(error) {
            // Another writer, or an earlier attempt of ours whose answer was lost: look.
            let earlier = ambiguousSince
            ambiguousSince = await uploader.lookup.mark()
            if let settled = await settle(after: error, retryWhenAbsent: false, taken: true, ours: earlier != nil) {
                return settled
            }
            ambiguousSince = earlier
            return failed(
                error,
                note: "the API says the name is taken but the account does not list it (deleted meanwhile?); "
                    + "run the import again")
        }
        if item.action == .create && error.outcomeUnknown {
            outcomeWasUnknown = true
            ambiguousSince = await uploader.lookup.mark()
        }
        return nil
    }

    /// Before a create whose outcome is unknown is sent again (throttled by a 503, or backed
    /// off after a fault), its name is looked up: it may be there already.
    mutating func mayResend(after error: APIError) async -> RecordResult? {
        guard ambiguousSince != nil else { return nil }
        return await settle(after: error, retryWhenAbsent: true)
    }

    mutating func gaveUp(after error: APIError) async -> RecordResult {
        if ambiguousSince != nil { return await settle(after: error, retryWhenAbsent: false) ?? failed(error) }
        return failed(error)
    }

    /// The names of the fields an update or a create sends (`source` for a rename); nil for
    /// other actions and for a create never sent.
    private var sentFields: [String]? {
        switch item.action {
        case .update: (item.renamedFrom == nil ? [] : ["source"]) + item.payload.keys
        case .create where attempts > 0: item.payload.keys
        default: nil
        }
    }

    /// Writes the create's intent before its first send; false (and the run aborted) when
    /// the journal cannot take it, since a create sent without it could not be traced.
    private func writeIntent(_ control: RunControl) -> Bool {
        guard item.action == .create, let journal else { return true }
        do {
            try journal.append(CreateIntent(of: item))
            return true
        } catch {
            control.abort(.journalUnwritable(error.reason))
            return false
        }
    }

    /// Looks the name up after an ambiguous create or a `422 … already been taken`. Returns
    /// the final result, or nil when the source is absent and `retryWhenAbsent` says the
    /// create may be sent again (or, after a 422, the caller says what happened).
    ///
    /// - Parameters:
    ///   - taken: the API answered that the name is taken.
    ///   - ours: an earlier attempt of this run may have created it (its answer was lost):
    ///     found with the intended fields, it is `created`; otherwise (`taken` alone) another
    ///     writer created it, and it is `unchanged`.
    private mutating func settle(
        after error: APIError, retryWhenAbsent: Bool, taken: Bool = false, ours: Bool = true
    ) async -> RecordResult? {
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
            if taken { return nil }
            return retryWhenAbsent ? nil : failed(error)
        }
        let differing = Self.differences(found, intended: item.intendedSource)
        if differing.isEmpty {
            if taken && !ours {
                return finish(
                    .unchanged, id: found.id,
                    errors: [
                        "another writer created it while the run was going (HTTP 422 \"already been taken\"), "
                            + "with the fields this record gives: nothing to do"
                    ])
            }
            return finish(.created, id: found.id)
        }
        return finish(
            .failed, id: found.id,
            errors: [
                "conflict: a source named '\(item.name)' is in the account (created by another writer while the run "
                    + "was going) with other values for \(differing.joined(separator: ", ")); it was not changed "
                    + "(run the import again to update it)",
                "\(error)",
            ])
    }

    /// The fields whose values in the account's `found` differ from what the create sent
    /// (`source_type` for the type; secrets, which the API redacts, are not compared).
    static func differences(_ found: Source, intended: Source) -> [String] {
        var differing = found.type == intended.type ? [] : ["source_type"]
        for (key, value) in intended.credentials {
            guard let remote = found.credentials[key] else {
                differing.append(key)
                continue
            }
            if SecretAttributes.isRedacted(remote) { continue }
            if remote != value { differing.append(key) }
        }
        return differing
    }

    /// True when the account's `found` holds what the create sent (secrets, which the API
    /// redacts, are not compared).
    static func matches(_ found: Source, intended: Source) -> Bool { differences(found, intended: intended).isEmpty }

    /// A 422 whose messages say the name is taken.
    static func isNameTaken(_ error: APIError) -> Bool {
        guard case .http(422, let messages, _) = error else { return false }
        return messages.contains { $0.lowercased().contains("already been taken") }
    }

    private func finish(_ status: ResultStatus, id: String? = nil, errors: [String] = []) -> RecordResult {
        // A create that may have been carried out without the run learning its id (an attempt's
        // outcome was unknown) keeps what it sent, for `rollback` and `--resume`.
        let fingerprint =
            item.action == .create && outcomeWasUnknown && status != .created
            ? CreateFingerprint(intended: item.intendedSource).digest : nil
        return item.result(
            status, id: id, attempts: attempts, httpStatus: lastStatus, errors: errors, fields: sentFields,
            fingerprint: fingerprint)
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

    func stopped(after error: APIError?) -> RecordResult {
        let control = uploader.control
        let why =
            control.abortReason.map { "not sent: the run was aborted (\($0))" }
            ?? "not sent: the run was interrupted"
        guard attempts > 0 else { return finish(.skipped, errors: [why]) }
        var errors =
            error.map { [$0.serverMessages.isEmpty ? $0.description : $0.serverMessages.joined(separator: "; ")] } ?? []
        errors.append("not retried: " + why.dropFirst("not sent: ".count))
        if ambiguousSince != nil {
            errors.append("outcome unknown: the create may have been carried out; resume to settle it")
        }
        return finish(.failed, errors: errors)
    }
}
