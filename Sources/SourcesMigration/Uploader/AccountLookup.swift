import SourcesAPI
import SourcesCore

/// Looks names up in the account to settle creates whose outcome is unknown.
///
/// Lookups are coalesced: a listing started after the failure being settled answers
/// every lookup waiting for it, so a burst of ambiguous failures costs one `GET`,
/// not one each.
actor AccountLookup {
    private let fetch: @Sendable () async throws(RequestFailure) -> [Source]
    private var tick = 0
    private var latest: (started: Int, byName: [String: Source])?
    private var inflight: (started: Int, task: Task<[String: Source], any Error>)?

    init(fetch: @escaping @Sendable () async throws(RequestFailure) -> [Source]) {
        self.fetch = fetch
    }

    /// Marks the moment of a failure: lookups for it must use a listing started later.
    func mark() -> Int {
        tick += 1
        return tick
    }

    /// The account's source named `name` as of a listing started after `mark`, or nil when absent.
    func find(_ name: String, after mark: Int) async throws(RequestFailure) -> Source? {
        if let latest, latest.started >= mark { return latest.byName[name] }
        let task: Task<[String: Source], any Error>
        if let inflight, inflight.started >= mark {
            task = inflight.task
        } else {
            tick += 1
            let started = tick
            let fetch = self.fetch
            task = Task { try await fetch().indexedByName() }
            inflight = (started, task)
            Task { await self.finished(task, started: started) }
        }
        do {
            return try await task.value[name]
        } catch let failure as RequestFailure {
            throw failure
        } catch {
            throw .stopped
        }
    }

    private func finished(_ task: Task<[String: Source], any Error>, started: Int) async {
        let result = try? await task.value
        if let result, (latest?.started ?? -1) < started { latest = (started, result) }
        if inflight?.started == started { inflight = nil }
    }
}
