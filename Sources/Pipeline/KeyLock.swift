import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive cross-process lock on one cache key: `flock` on `artifacts/.locks/<key>.lock`,
/// held while the key is computed and published. The kernel drops it when the process dies,
/// so a `kill -9` never leaves a key locked. The descriptor is close-on-exec so that a shell
/// step's children do not inherit (and keep holding) it.
public final class KeyLock: @unchecked Sendable {
    private var fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { release() }

    /// Takes the lock without waiting; nil when another holder has it.
    public static func tryAcquire(at url: URL) throws(PipelineError) -> KeyLock? {
        let fd = try open(url)
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return KeyLock(fd: fd) }
        let code = errno
        close(fd)
        guard code == EWOULDBLOCK else { throw .store("cannot lock \(url.path): \(String(cString: strerror(code)))") }
        return nil
    }

    /// Waits for the lock, polling so that a cancelled run stops waiting; nil when cancelled.
    /// `onWait` is called once, when the lock is found taken (to say "waiting for …").
    public static func acquire(at url: URL, isCancelled: () -> Bool, onWait: () -> Void = {}) throws(PipelineError) -> KeyLock? {
        var delay: UInt32 = 2_000   // µs, grows to 50 ms
        var told = false
        while true {
            if let lock = try tryAcquire(at: url) { return lock }
            if !told { onWait(); told = true }
            if isCancelled() { return nil }
            usleep(delay)
            delay = min(delay * 2, 50_000)
        }
    }

    public func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    private static func open(_ url: URL) throws(PipelineError) -> Int32 {
        #if canImport(Glibc)
        let fd = url.path.withCString { Glibc.open($0, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
        #else
        let fd = url.path.withCString { Darwin.open($0, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
        #endif
        guard fd >= 0 else { throw .store("cannot open lock file \(url.path): \(String(cString: strerror(errno)))") }
        return fd
    }
}
