import SourcesCore

/// The one check every reader makes of an export envelope's entries (JSON members, YAML
/// keys, XML attributes of `<sources>`): an envelope of this tool's `kind` whose `version`
/// is newer than this build reads is refused, where the version is written, rather than
/// read wrongly (its records may mean something this build cannot tell). Any other file,
/// and an envelope without a `version` (version 1), passes.
enum EnvelopeVersion {
    /// Checks `entries`, the envelope's scalar entries read so far.
    static func check(_ entries: [RawField]) throws(ReaderError) {
        guard entries.contains(where: { $0.key == "kind" && $0.value == WriterRegistry.kind }),
            let version = entries.last(where: { $0.key == "version" })
        else { return }
        do {
            try WriterRegistry.checkVersion(version.value)
        } catch {
            throw ReaderError(.unsupportedFormat, error.description, at: version.location)
        }
    }
}
