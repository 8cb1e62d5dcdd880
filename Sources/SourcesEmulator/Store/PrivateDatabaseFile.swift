import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The emulator's `--db` file holds every source with its provider secrets in plain text:
/// it is created with mode 0600 before SQLite opens it (SQLite then gives its `-wal` and
/// `-shm` files the database's mode), and an existing one, with its companions, is tightened
/// to 0600 too.
enum PrivateDatabaseFile {
    /// Creates `path` with mode 0600 if it does not exist; tightens it and its `-wal`/`-shm` otherwise.
    static func prepare(_ path: String) throws(EmulatorError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(0o600))
        if fd >= 0 {
            _ = close(fd)
            return
        }
        guard errno == EEXIST else {
            throw .database(path: path, detail: String(cString: strerror(errno)))
        }
        let files = FileManager.default
        for file in [path, path + "-wal", path + "-shm"] {
            guard let attributes = try? files.attributesOfItem(atPath: file),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
            else { continue }
            try? files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
    }
}
