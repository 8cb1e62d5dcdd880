/// One ImageBoss source: the model every reader produces and every writer and
/// the API client consume.
public struct Source: Sendable, Equatable, Hashable {
    /// The source name (`source` in the API), the key records are matched on.
    public var name: String
    /// The type name as normalised (canonical when it is one of ``SourceType``).
    public var type: String {
        get { typeName }
        set {
            typeName = newValue
            sourceType = SourceType(rawValue: newValue)
        }
    }
    private var typeName: String
    /// Credential attributes, in input order.
    public var credentials: Credentials
    /// The API's id, when the record came from the API or an export.
    public var id: String?
    /// The API's creation time, when known.
    public var createdAt: String?
    /// The API's last update time, when known.
    public var updatedAt: String?

    /// Creates a source.
    public init(
        name: String, type: String, credentials: Credentials = [:], id: String? = nil,
        createdAt: String? = nil, updatedAt: String? = nil
    ) {
        self.name = name
        self.typeName = type
        self.sourceType = SourceType(rawValue: type)
        self.credentials = credentials
        self.id = id
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// A source with an empty name and type, for the normaliser to fill in.
    static let blank = Source(name: "", type: "")

    /// The type, when it is one the API knows (kept in step with ``type``).
    public private(set) var sourceType: SourceType?

    /// Sets the type from a name as a user wrote it and what it resolves to
    /// (for callers that cache ``SourceType/resolve(_:)``).
    mutating func setType(_ raw: String, resolved: SourceType?) {
        sourceType = resolved
        typeName = resolved?.rawValue ?? raw
    }
}
