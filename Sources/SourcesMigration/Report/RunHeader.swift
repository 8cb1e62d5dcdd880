import SourcesAPI

/// What a run is, independent of its results: the first line of the journal and
/// the head of the report.
public struct RunHeader: Sendable, Equatable, Codable {
    /// A fresh UUID per run.
    public var runID: String
    /// When the run started (ISO 8601, UTC).
    public var startedAt: String
    /// The API endpoint (never the key, nor a `user:password@` part).
    public var endpoint: String
    /// The input files as named on the command line.
    public var inputs: [String]
    /// Where the backup was written, when one was.
    public var backup: String?
    /// The report or journal this run resumed from, when it did.
    public var resumedFrom: String?

    /// Creates a header.
    public init(
        runID: String, startedAt: String, endpoint: String, inputs: [String], backup: String? = nil,
        resumedFrom: String? = nil
    ) {
        self.runID = runID
        self.startedAt = startedAt
        self.endpoint = EndpointText.withoutUserinfo(endpoint)
        self.inputs = inputs
        self.backup = backup
        self.resumedFrom = resumedFrom
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", startedAt = "started_at", endpoint, inputs, backup, resumedFrom = "resumed_from"
    }
}
