import Foundation

/// Set once when the user interrupts a run (Ctrl-C, SIGTERM); operations poll it through
/// `context.isCancelled`, the executor stops starting steps.
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Sets the flag; returns true if it was already set (a second interrupt).
    @discardableResult
    public func cancel() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let was = cancelled
        cancelled = true
        return was
    }
}
