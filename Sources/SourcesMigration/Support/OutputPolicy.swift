import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file a command is about to write, named for messages.
public struct PlannedOutput: Sendable, Equatable {
    /// Where.
    public var path: String
    /// What it is: `report`, `CSV twin of the report`, `journal`, `backup`, `export`, `output`.
    public var role: String
    /// The flag that names it (`--report`, `--backup`, `-o`), for "pass another …".
    public var flag: String

    /// Creates an output.
    public init(path: String, role: String, flag: String) {
        self.path = path
        self.role = role
        self.flag = flag
    }
}

/// Why a command will not write one of its outputs. Nothing has been sent or written when
/// it is raised by ``OutputPolicy/check(_:)``.
public struct OutputRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the path.
    public enum Reason: Sendable, Equatable {
        /// A file (or anything else) is there and `--force` was not given.
        case exists
        /// It is this input of the run (the same file, compared by device and inode).
        case isInput(String)
        /// Another output of the same run has this path.
        case sameAs(String)
        /// Its directory does not exist.
        case noDirectory
    }

    /// The output.
    public var output: PlannedOutput
    /// Why.
    public var reason: Reason

    /// Creates a refusal.
    public init(output: PlannedOutput, reason: Reason) {
        self.output = output
        self.reason = reason
    }

    public var description: String {
        let what = "the \(output.role) \(output.path)"
        switch reason {
        case .exists:
            return "\(what) already exists, and no command replaces a file it did not create in this run; "
                + "pass another \(output.flag), or --force to replace it"
        case .isInput(let input):
            let same = input == output.path ? "" : " (\(input))"
            return "\(what) is one of this run's inputs\(same); pass another \(output.flag) "
                + "(even --force never writes over an input)"
        case .sameAs(let other):
            return "\(what) would also be the \(other); pass another \(output.flag)"
        case .noDirectory:
            return "\(what) cannot be written: its directory does not exist; pass another \(output.flag)"
        }
    }

    /// The refusal as a write error (for a check made again at the moment of writing).
    var writeError: FileWriteError {
        FileWriteError(path: output.path, reason: description, errorNumber: EEXIST)
    }
}

/// The rule every output of a command follows:
///
/// - a path that exists is refused unless `force` (`--force`) is given, so that a rerun
///   with the same `--report` never replaces the report that a rollback needs;
/// - a path that is one of the run's inputs is refused even with `force`, comparing
///   device and inode (a symlink, a hard link or `./x` is the same file);
/// - files are written whole (``PrivateFile/publish(_:to:replacing:)``), and without
///   `force` never over a file that appeared since the check.
public struct OutputPolicy: Sendable {
    /// `--force`: an existing file that is not an input may be replaced.
    public var force: Bool
    private var inputs: [(identity: FileIdentity, path: String)]

    /// A policy for a run that reads `inputs` (paths that do not exist, and `-`, are ignored).
    public init(force: Bool = false, inputs: [String] = []) {
        self.force = force
        self.inputs = inputs.compactMap { path in
            guard path != "-", let identity = FileIdentity(path: path) else { return nil }
            return (identity, path)
        }
    }

    /// The same policy, allowed to replace the files this run already wrote (a report written again).
    public var replacingOwnFiles: OutputPolicy {
        var copy = self
        copy.force = true
        return copy
    }

    /// Checks every planned output before anything is sent: none exists (without `force`),
    /// none is an input, no two are the same file, and each one's directory exists.
    public func check(_ outputs: [PlannedOutput]) throws(OutputRefusal) {
        var seen: [String: PlannedOutput] = [:]
        for output in outputs {
            try check(output)
            let key = Self.canonical(output.path)
            if let earlier = seen[key] { throw OutputRefusal(output: output, reason: .sameAs(earlier.role)) }
            seen[key] = output
            let directory = (key as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: directory.isEmpty ? "/" : directory, isDirectory: &isDirectory)
                || !isDirectory.boolValue
            {
                throw OutputRefusal(output: output, reason: .noDirectory)
            }
        }
    }

    /// Checks one output: not an input; not there unless `force`.
    public func check(_ output: PlannedOutput) throws(OutputRefusal) {
        if let identity = FileIdentity(path: output.path),
            let input = inputs.first(where: { $0.identity == identity })
        {
            throw OutputRefusal(output: output, reason: .isInput(input.path))
        }
        var info = stat()
        if !force && lstat(output.path, &info) == 0 { throw OutputRefusal(output: output, reason: .exists) }
    }

    /// Writes `text` to `output` whole (mode 0600), checking it again first.
    public func write(_ text: String, to output: PlannedOutput) throws(FileWriteError) {
        try write(to: output) { file throws(FileWriteError) in try file.write(text) }
    }

    /// Writes what `body` writes to `output` whole (mode 0600), checking it again first: for
    /// an output written in parts (``PrivateFile/publish(to:replacing:writing:)``).
    public func write(to output: PlannedOutput, writing body: (PrivateFile) throws(FileWriteError) -> Void)
        throws(FileWriteError)
    {
        do { try check(output) } catch { throw error.writeError }
        do {
            try PrivateFile.publish(to: output.path, replacing: force, writing: body)
        } catch {
            guard error.errorNumber == EEXIST else { throw error }
            throw OutputRefusal(output: output, reason: .exists).writeError
        }
    }

    /// Creates `output` as a new file open for appending (the journal), checking it again first.
    public func create(_ output: PlannedOutput) throws(FileWriteError) -> PrivateFile {
        do { try check(output) } catch { throw error.writeError }
        do {
            return try PrivateFile.create(output.path, replacing: force)
        } catch {
            guard error.errorNumber == EEXIST else { throw error }
            throw OutputRefusal(output: output, reason: .exists).writeError
        }
    }

    /// `path` with its directory resolved (symlinks, `.`, `..`), for telling two spellings of
    /// one output apart when the file does not exist yet.
    static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let directory = (absolute as NSString).deletingLastPathComponent
        let name = (absolute as NSString).lastPathComponent
        guard let resolved = realpath(directory, nil) else { return (absolute as NSString).standardizingPath }
        defer { free(resolved) }
        let base = String(cString: resolved)
        return (base == "/" ? "" : base) + "/" + name
    }
}

/// The device and inode of an existing file (symlinks followed): what makes two paths one file.
public struct FileIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64

    /// The identity of the file at `path`, or nil when there is none.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
