/// The check every reader of a file this tool writes makes of the file's `version`: a file
/// written by a newer ibsources may mean something this one cannot tell (a key removed, a
/// meaning changed), so it is refused with what to do rather than read wrongly. Within a
/// version, keys are only ever added, so an older version is read as it is.
public struct FormatVersion: Error, Sendable, Equatable, CustomStringConvertible {
    /// The format, as the message names it (`report`, `journal`, `export`).
    public var format: String
    /// The version the file says, as written.
    public var found: String
    /// The newest version this build reads.
    public var supported: Int

    public var description: String {
        let article = format.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        return "it is \(article) \(format) of version \(found), written by a newer ibsources (this one reads version "
            + "\(supported) and older): upgrade ibsources to read it"
    }

    /// Checks a file's `version` against `supported`. A file without one (nil: written before
    /// versions were checked) is version 1.
    public static func check(_ version: Int?, format: String, supported: Int) throws(FormatVersion) {
        let found = version ?? 1
        if found > supported { throw FormatVersion(format: format, found: String(found), supported: supported) }
    }

    /// ``check(_:format:supported:)`` for a version as a reader of text finds it: one that is not
    /// a whole number is refused too (no version of ours writes one).
    public static func check(written: String?, format: String, supported: Int) throws(FormatVersion) {
        guard let written else { return }
        guard let number = Int(written) else {
            throw FormatVersion(format: format, found: written, supported: supported)
        }
        try check(number, format: format, supported: supported)
    }
}
