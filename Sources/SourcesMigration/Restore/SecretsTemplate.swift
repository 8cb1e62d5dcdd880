import Foundation
public import SourcesCore

/// The skeleton of a secrets file for `restore --secrets`: every source of an export whose
/// type needs provider secrets, with those fields and empty values (`restore
/// --secrets-template FILE`).
///
/// The API never returns provider secrets, so an export cannot hold them; for a hundred
/// sources, writing the `{SOURCE_NAME: {FIELD: VALUE}}` file by hand is where mistakes
/// happen. The skeleton is YAML, as ``YAMLSourcesWriter`` quotes it (any name survives), and
/// reads back through the secrets-file reader; an empty value counts as not given, so a source
/// left empty is skipped by the restore and listed, never created with a blank secret.
public enum SecretsTemplate {
    /// The provider secrets a source of `type` needs (`secret_access_key`, `secret`, `sas_token`).
    public static func fields(for type: SourceType) -> [String] {
        type.requiredAttributes.filter { SecretAttributes.redactedByAPI.contains($0) }
    }

    /// The skeleton for `sources`, and how many sources it lists.
    public static func render(_ sources: [Source]) -> (text: String, listed: Int) {
        var out = """
            # Provider secrets for `ibsources restore EXPORT --secrets FILE`, by source name.
            # The API never returns them, so the export holds them as ****. Fill in each value,
            # or better write ${VARIABLE} and export the variable, so this file holds no secret.
            # A value left empty counts as not given: that source is skipped by the restore, and listed.

            """
        var listed = 0
        var seen: Set<String> = []
        for source in sources {
            guard let type = source.sourceType, case let needed = fields(for: type), !needed.isEmpty,
                seen.insert(source.name).inserted
            else { continue }
            listed += 1
            out += YAMLSourcesWriter.quote(source.name) + ":\n"
            for field in needed { out += "  " + YAMLSourcesWriter.quote(field) + ": \"\"\n" }
        }
        if listed == 0 { out += "{}\n" }
        return (out, listed)
    }

    /// Writes the skeleton for `sources` to `path` (mode 0600), refusing a file that exists.
    ///
    /// - Returns: How many sources it lists.
    @discardableResult
    public static func write(_ sources: [Source], to path: String) throws(FileWriteError) -> Int {
        let (text, listed) = render(sources)
        // O_EXCL: an existing file (errno EEXIST) is never replaced.
        let file = try PrivateFile(path: path, exclusive: true)
        do {
            try file.write(text)
        } catch {
            file.close()
            unlink(path)
            throw error
        }
        file.sync()
        file.close()
        return listed
    }
}
