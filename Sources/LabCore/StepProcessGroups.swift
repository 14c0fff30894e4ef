import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process groups of the commands steps are running right now. A second Ctrl-C makes `lab`
/// exit at once; it first sends SIGKILL to each of these groups, so that a command that ignores
/// SIGTERM is not left running under init.
public enum StepProcessGroups {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var groups: Set<pid_t> = []

    public static func add(_ group: pid_t) {
        lock.lock()
        groups.insert(group)
        lock.unlock()
    }

    public static func remove(_ group: pid_t) {
        lock.lock()
        groups.remove(group)
        lock.unlock()
    }

    /// Sends SIGKILL to every registered group (called just before a hard exit).
    public static func killAll() {
        lock.lock()
        defer { lock.unlock() }
        for group in groups { kill(-group, SIGKILL) }
    }
}
