import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The liveness lock of one run: `flock` on `experiments/run-N/.lock`, taken by `lab run` in
/// the transaction that records the run as running and held until the run is finished (or the
/// process dies: the kernel drops it then). A later `lab` command that can take it knows the
/// run's process is gone. Close-on-exec, so a step's commands never inherit (and keep) it.
/// The same technique as Pipeline's `KeyLock`; the Ledger does not depend on the Pipeline.
final class RunLock: @unchecked Sendable {
    private var fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { release() }

    /// The lock file of run `id` beside the ledger: `experiments/run-N/.lock`.
    static func file(ledgerPath: String, runID: Int) -> URL {
        URL(fileURLWithPath: ledgerPath).deletingLastPathComponent()
            .appendingPathComponent("run-\(runID)").appendingPathComponent(".lock")
    }

    /// Creates the run's folder and lock file and takes the lock (the run is new: nobody else
    /// holds it). Throws when the file cannot be created or locked.
    static func take(ledgerPath: String, runID: Int) throws -> RunLock {
        let url = file(ledgerPath: ledgerPath, runID: runID)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw LedgerError.runLock("cannot create \(url.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
        let fd = url.path.withCString { open($0, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw LedgerError.runLock("cannot open the run lock \(url.path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw LedgerError.runLock("cannot lock \(url.path): \(reason)")
        }
        return RunLock(fd: fd)
    }

    /// Whether the run's process is gone: its lock file is missing (a run recorded before
    /// locks existed) or can be locked. Opens read-only, so a reader needs no write access.
    static func isFree(ledgerPath: String, runID: Int) -> Bool {
        let path = file(ledgerPath: ledgerPath, runID: runID).path
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return errno == ENOENT }
        defer { close(fd) }   // closing drops the lock taken below
        return flock(fd, LOCK_EX | LOCK_NB) == 0
    }

    func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }
}
