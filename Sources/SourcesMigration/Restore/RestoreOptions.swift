public import SourcesCore

/// What `restore` is told besides the import options.
public struct RestoreOptions: Sendable {
    /// Provider secrets by source name (`--secrets FILE`), applied over the export's `****`.
    public var secrets: [String: Credentials]
    /// `--prune`: also delete the account's sources that are not in the export.
    public var prune: Bool
    /// `--max-delete`: the most sources a prune may delete (default 10).
    public var maxDelete: Int
    /// False when the export could not be read completely (a record is invalid or an input
    /// failed part-way): then nothing is pruned.
    public var exportComplete: Bool
    /// `--yes`, or a typed confirmation: the prune's deletes may be sent.
    public var pruneConfirmed: Bool
    /// `--skip-invalid`: restore the valid records of an export that has invalid ones.
    public var skipInvalid: Bool
    /// The export's completeness marker (its envelope's `count`, ``ExportCount``), when it has one:
    /// `--prune` runs only when it equals the number of records read.
    public var exportCount: Int?
    /// False with `--allow-no-count`: `--prune` may run on an export without a `count`.
    public var requireCount: Bool

    /// Creates options.
    public init(
        secrets: [String: Credentials] = [:], prune: Bool = false, maxDelete: Int = 10, exportComplete: Bool = true,
        pruneConfirmed: Bool = false, skipInvalid: Bool = false, exportCount: Int? = nil, requireCount: Bool = true
    ) {
        self.secrets = secrets
        self.prune = prune
        self.maxDelete = max(0, maxDelete)
        self.exportComplete = exportComplete
        self.pruneConfirmed = pruneConfirmed
        self.skipInvalid = skipInvalid
        self.exportCount = exportCount
        self.requireCount = requireCount
    }

    /// Why `--prune` may not run on an export of `read` records (nil when it may), before the
    /// planned deletes are counted.
    public func pruneProblem(read: Int, invalid: Int) -> String? {
        if !exportComplete || invalid > 0 {
            return "the export was not read completely, so --prune deletes nothing; fix the export first"
        }
        if let exportCount, exportCount != read {
            return "the export says it holds \(exportCount) source\(exportCount == 1 ? "" : "s") (its count) but "
                + "\(read) \(read == 1 ? "was" : "were") read: it is truncated or was edited, so --prune deletes "
                + "nothing; restore from a complete export"
        }
        if exportCount == nil && requireCount {
            return "the export has no count (a CSV export, or a file not written by `ibsources export`), so --prune "
                + "cannot tell that it is complete and deletes nothing; pass --allow-no-count if every source to "
                + "keep is in it"
        }
        return nil
    }
}

/// A source that must be created but whose provider secrets are still redacted (`****`):
/// it is skipped, and the plan lists it up front.
public struct MissingSecrets: Sendable, Equatable {
    /// The source name.
    public var source: String
    /// The fields whose values are missing.
    public var fields: [String]

    /// Creates an entry.
    public init(source: String, fields: [String]) {
        self.source = source
        self.fields = fields
    }

    /// `shop-images: secret_access_key`.
    public var formatted: String { "\(source): \(fields.joined(separator: ", "))" }

    /// The message a skipped source carries in the plan and the report.
    public var message: String {
        let list = fields.joined(separator: ", ")
        return "not created: its \(list) \(fields.count == 1 ? "is" : "are") redacted in the export (the API never "
            + "returns provider secrets); give \(fields.count == 1 ? "it" : "them") in --secrets FILE as "
            + "\(source): {\(fields.map { "\($0): ..." }.joined(separator: ", "))}"
    }
}

/// Applies a secrets file to records and finds what is still missing.
public enum SecretsApplier {
    /// `records` with each record's secrets (by source name) written over its credentials.
    ///
    /// The records are changed in place when the caller hands its only copy over (`consume`):
    /// a restore of 100,000 records then never holds two arrays of them.
    ///
    /// - Returns: The records, and the names in `secrets` that no record has (reported, not fatal).
    public static func apply(_ secrets: [String: Credentials], to records: consuming [CandidateRecord])
        -> (records: [CandidateRecord], unused: [String])
    {
        guard !secrets.isEmpty else { return (records, []) }
        var used: Set<String> = []
        for index in records.indices {
            let name = records[index].record.source.name
            guard let given = secrets[name] else { continue }
            used.insert(name)
            // An empty value (a template not filled in) counts as not given.
            for (key, value) in given where !SourceRules.isBlank(value) {
                records[index].record.source.credentials[key] = value
            }
        }
        return (records, secrets.keys.filter { !used.contains($0) }.sorted())
    }

    /// The provider secrets of `source` that are still the redaction placeholder.
    public static func redactedFields(of source: Source) -> [String] {
        source.credentials.filter {
            SecretAttributes.redactedByAPI.contains($0.key) && SecretAttributes.isRedacted($0.value)
        }
        .map(\.key)
    }

    /// Rewrites the skip items of `plan` that are skipped only for want of secrets (a create
    /// whose provider secrets are `****`) with a message naming the fields, and lists them.
    public static func markMissing(in plan: inout Plan) -> [MissingSecrets] {
        var missing: [MissingSecrets] = []
        for index in plan.items.indices {
            let item = plan.items[index]
            guard item.action == .skip, item.remoteID == nil else { continue }
            let fields = redactedFields(of: item.record.source)
            guard !fields.isEmpty, item.problems.allSatisfy({ $0.contains("'****'") }) else { continue }
            let entry = MissingSecrets(source: item.name, fields: fields)
            plan.items[index].problems = [entry.message]
            missing.append(entry)
        }
        return missing
    }
}
