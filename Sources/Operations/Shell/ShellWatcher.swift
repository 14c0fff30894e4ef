import Dispatch
import Foundation
import LabCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Watches a running shell step from a timer on its own queue while the worker thread blocks
/// in `waitpid` (so a quick command is noticed the moment it exits): every 50 ms it reads new
/// output, and on cancellation or timeout it kills the child's process group — SIGTERM first,
/// SIGKILL two seconds later.
final class ShellWatcher: @unchecked Sendable {
    enum Stop { case cancelled, timedOut }

    static let interval = DispatchTimeInterval.milliseconds(50)
    static let killGrace = 2.0

    private let queue = DispatchQueue(label: "lab.shell.watcher")
    private let timer: any DispatchSourceTimer
    // Touched only on `queue`.
    private var stop: (reason: Stop, since: Date, killed: Bool)?

    init(child: ChildProcess, timeout: Double, isCancelled: @escaping @Sendable () -> Bool,
         onTick: @escaping @Sendable () -> Void) {
        let start = Date()
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + ShellWatcher.interval, repeating: ShellWatcher.interval)
        timer.setEventHandler { [unowned self] in
            onTick()
            if let s = stop {
                if !s.killed, Date().timeIntervalSince(s.since) > ShellWatcher.killGrace {
                    child.signalGroup(SIGKILL)
                    stop?.killed = true
                }
                return
            }
            if isCancelled() { stop = (.cancelled, Date(), false) }
            else if timeout > 0, Date().timeIntervalSince(start) > timeout { stop = (.timedOut, Date(), false) }
            if stop != nil { child.signalGroup(SIGTERM) }
        }
        timer.resume()
    }

    /// Stops watching (no tick runs after this returns) and says why the child was stopped, if
    /// it was.
    func finish() -> Stop? {
        queue.sync {
            timer.cancel()
            return stop?.reason
        }
    }
}
