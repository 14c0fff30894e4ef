#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// What a path is when it is not a regular file (symlinks followed): file parameters must be
/// regular files, since hashing a FIFO blocks and hashing `/dev/zero` never ends.
enum FileKind {
    /// nil for a regular file (or a path that cannot be examined: the reader reports that).
    static func irregular(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }
}
