import Foundation
public import SourcesAPI
public import SourcesCore

/// One name `delete` was asked to delete, and where it was given.
public struct DeleteRequest: Sendable, Equatable {
    /// The source name.
    public var name: String
    /// The file it was read from (`command line` for an argument).
    public var file: String
    /// Its line there (0 for an argument).
    public var line: Int

    /// Creates a request.
    public init(name: String, file: String = "command line", line: Int = 0) {
        self.name = name
        self.file = file
        self.line = line
    }
}

/// `delete`: the import engine's stages with `delete` items. The account is listed once,
/// each name becomes a `delete` item (or a `skip` when the account has no such source),
/// and ``ImportSession/execute(_:)`` carries the plan out: backup first, journal, the
/// shared governor and retries, report.
public final class DeleteSession: Sendable {
    /// The engine.
    public let session: ImportSession

    /// Creates a session; `configuration.inputs` names the inputs for the report.
    public init(
        configuration: ImportConfiguration, service: any SourcesService, governor: RateGovernor,
        control: RunControl = RunControl(), progress: UploadProgress = UploadProgress()
    ) {
        session = ImportSession(
            configuration: configuration, service: service, governor: governor, control: control, progress: progress)
    }

    /// Lists the account and plans one item per distinct name, in the order given.
    public func prepare(_ requests: [DeleteRequest]) async throws(ImportFailure) -> PreparedImport {
        let (remote, fetchedAt) = try await session.listAccount()
        return session.prepared(
            Plan(items: Self.items(for: requests, remote: remote), remote: remote), fetchedAt: fetchedAt)
    }

    /// Carries the plan out (see ``ImportSession/execute(_:)``).
    public func execute(_ prepared: PreparedImport) async throws(ImportFailure) -> ImportOutcome {
        try await session.execute(prepared)
    }

    /// The plan items for `requests` against the account `remote`: pure, for tests.
    public static func items(for requests: [DeleteRequest], remote: [Source]) -> [PlanItem] {
        let byName = remote.indexedByName()
        var seen: Set<String> = []
        var items: [PlanItem] = []
        for request in requests where seen.insert(request.name).inserted {
            if let source = byName[request.name], source.id != nil {
                items.append(.deletion(of: source, file: request.file, line: request.line))
            } else {
                items.append(
                    .absent(
                        request.name, file: request.file, line: request.line,
                        reason: "not in the account: nothing to delete"))
            }
        }
        return items
    }
}
