import SourcesCore

/// The journal line a run writes just before it first sends a create:
/// `{"intent": "create", "source", "file", "line", "fields", "fingerprint"}`.
///
/// A `kill -9` while the create is in flight leaves this line and no result: the
/// run's creates whose answer it never heard are then known by name, and
/// ``CreateFingerprint`` tells whether the account's source of that name is the one
/// the run sent. `rollback` and `--resume` read it (``RunRecord/unsettledCreates``);
/// nothing else does.
public struct CreateIntent: Sendable, Equatable, Codable {
    /// The source name.
    public var source: String
    /// The input the record came from.
    public var file: String
    /// The line its record starts on.
    public var line: Int
    /// The names of the fields the create sends.
    public var fields: [String]
    /// ``CreateFingerprint/digest`` of what it sends.
    public var fingerprint: String

    /// The value of the line's `intent` key.
    static let create = "create"

    /// Creates an intent.
    public init(source: String, file: String, line: Int, fields: [String], fingerprint: String) {
        self.source = source
        self.file = file
        self.line = line
        self.fields = fields
        self.fingerprint = fingerprint
    }

    /// The intent of a create of `source` (the record at `file`:`line`).
    public init(of source: Source, file: String, line: Int) {
        let print = CreateFingerprint(intended: source)
        self.init(source: source.name, file: file, line: line, fields: print.fields, fingerprint: print.digest)
    }

    /// The intent of `item`'s create.
    init(of item: PlanItem) {
        self.init(
            of: item.intendedSource, file: item.record.origin.location.file, line: item.record.origin.location.line)
    }

    /// What was sent, to compare with the account.
    public var createFingerprint: CreateFingerprint { CreateFingerprint(fields: fields, digest: fingerprint) }

    enum CodingKeys: String, CodingKey {
        case intent, source, file, line, fields, fingerprint
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard try container.decode(String.self, forKey: .intent) == Self.create else {
            throw DecodingError.dataCorruptedError(
                forKey: .intent, in: container, debugDescription: "not a create intent")
        }
        source = try container.decode(String.self, forKey: .source)
        file = try container.decode(String.self, forKey: .file)
        line = try container.decode(Int.self, forKey: .line)
        fields = try container.decode([String].self, forKey: .fields)
        fingerprint = try container.decode(String.self, forKey: .fingerprint)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.create, forKey: .intent)
        try container.encode(source, forKey: .source)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(fields, forKey: .fields)
        try container.encode(fingerprint, forKey: .fingerprint)
    }

    /// The journal line (keys in a fixed order, as the results are written).
    var json: String {
        JSONText.object([
            ("intent", JSONText.quote(Self.create)),
            ("source", JSONText.quote(source)),
            ("file", JSONText.quote(file)),
            ("line", String(line)),
            ("fields", JSONText.array(fields.map(JSONText.quote))),
            ("fingerprint", JSONText.quote(fingerprint)),
        ])
    }
}
