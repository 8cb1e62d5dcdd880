import SourcesCore

/// How a record ended.
public enum ResultStatus: String, Sendable, Equatable, Codable, CaseIterable {
    case created, updated, unchanged, skipped, failed
    /// The source was deleted (`restore --prune`, `delete`, `rollback`).
    case deleted

    /// True for the statuses a rerun does not need to repeat.
    public var isSuccess: Bool { self == .created || self == .updated || self == .unchanged || self == .deleted }
}

/// The outcome of one input record: a line of the journal and an entry of the report.
public struct RecordResult: Sendable, Equatable, Codable {
    /// The source name.
    public var source: String
    /// The input it came from.
    public var file: String
    /// The line its record starts on.
    public var line: Int
    /// What the plan said: `create`, `update`, `unchanged`, `skip` or `delete`.
    public var action: PlanAction
    /// How it ended.
    public var status: ResultStatus
    /// The account's id of the source, when known.
    public var id: String?
    /// How many requests were sent for it (lookups not counted).
    public var attempts: Int
    /// The status of the last response, when there was one.
    public var httpStatus: Int?
    /// What went wrong, with the server's messages verbatim.
    public var errors: [String]
    /// For an update or a create: the names of the fields it sent (`source` for a rename),
    /// never their values; `rollback` reads it to tell which secrets the run changed.
    public var fields: [String]?
    /// For a create that may have been carried out without the run learning it (an attempt's
    /// answer was lost): ``CreateFingerprint/digest`` of what it sent, so that it can later be
    /// told apart from another writer's source.
    public var fingerprint: String?

    /// Creates a result.
    public init(
        source: String, file: String, line: Int, action: PlanAction, status: ResultStatus, id: String? = nil,
        attempts: Int = 0, httpStatus: Int? = nil, errors: [String] = [], fields: [String]? = nil,
        fingerprint: String? = nil
    ) {
        self.source = source
        self.file = file
        self.line = line
        self.action = action
        self.status = status
        self.id = id
        self.attempts = attempts
        self.httpStatus = httpStatus
        self.errors = errors
        self.fields = fields
        self.fingerprint = fingerprint
    }

    enum CodingKeys: String, CodingKey {
        case source, file, line, action, status, id, attempts, httpStatus = "http_status", errors, fields, fingerprint
    }

    /// The result as a one-line JSON object, keys in the report's order.
    ///
    /// Written into the journal as each result arrives (and into the report at the end),
    /// so it is built in one string, the values appended in place.
    public var json: String {
        var out = #"{"source": "#
        out.reserveCapacity(160 + source.utf8.count + file.utf8.count)
        JSONText.appendQuoted(source, to: &out)
        out += #", "file": "#
        JSONText.appendQuoted(file, to: &out)
        out += #", "line": "#
        out += String(line)
        out += #", "action": ""#
        out += action.rawValue  // a fixed lowercase word: nothing to escape
        out += #"", "status": ""#
        out += status.rawValue  // a fixed lowercase word: nothing to escape
        out += #"", "id": "#
        if let id { JSONText.appendQuoted(id, to: &out) } else { out += "null" }
        out += #", "attempts": "#
        out += String(attempts)
        out += #", "http_status": "#
        out += httpStatus.map(String.init) ?? "null"
        out += #", "errors": "#
        out += JSONText.array(errors.map(JSONText.quote))
        if let fields {
            out += #", "fields": "#
            out += JSONText.array(fields.map(JSONText.quote))
        }
        if let fingerprint {
            out += #", "fingerprint": "#
            JSONText.appendQuoted(fingerprint, to: &out)
        }
        out += "}"
        return out
    }
}
