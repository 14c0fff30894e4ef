#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small file's bytes read with plain system calls: a cached rerun reads one lab-step.json
/// per step, and Foundation's `contents(atPath:)` costs several times the read itself.
enum FileBytes {
    /// The whole regular file at `path`, or nil when it cannot be opened or read (missing, a
    /// folder, no permission); the caller treats nil as "no such file". Meant for files that are
    /// replaced whole, never appended to (lab-step.json): once a read has returned the size the
    /// file had when opened, the file is not read again to see its end.
    /// `path` is relative to the folder `directory` is open on (`AT_FDCWD`: the current one).
    static func contents(atPath path: String, relativeTo directory: Int32 = AT_FDCWD) -> [UInt8]? {
        let fd = openat(directory, path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: max(Int(info.st_size) + 1, 4096))
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { return bytes }
            // The whole size fstat gave, in one read: the usual case, no second read for the end.
            if bytes.isEmpty && n == Int(info.st_size) {
                chunk.removeLast(chunk.count - n)
                return chunk
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }
}
