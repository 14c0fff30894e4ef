import Dispatch
import Foundation
import LabCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT, SIGTERM and SIGHUP (a closed terminal) into a cancellation: the first sets the
/// flag (the run winds down cleanly: running steps cancelled, temporary folders deleted, the run
/// recorded as interrupted); a second one sends SIGKILL to the running steps' process groups
/// (a command that ignores SIGTERM is not orphaned) and exits at once with status 130 (what
/// remains is only `.tmp` junk, removed by the next run, and a run the next command marks
/// abandoned). Signals are caught by a `DispatchSource`, so no Swift code
/// runs inside a signal handler.
public final class InterruptTrap: @unchecked Sendable {
    private let flag: CancellationFlag
    private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "lab.interrupt")

    /// `onInterrupt` runs (on a private queue) after the first signal, e.g. to print a note.
    public init(flag: CancellationFlag, onInterrupt: @escaping @Sendable () -> Void = {}) {
        self.flag = flag
        for sig in Self.signals {
            signal(sig, SIG_IGN)   // the dispatch source sees it; the default action must not kill us
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [flag] in
                if flag.cancel() {
                    StepProcessGroups.killAll()
                    _exit(130)
                }
                onInterrupt()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Restores the default actions.
    public func remove() {
        for s in sources { s.cancel() }
        sources.removeAll()
        for sig in Self.signals { signal(sig, SIG_DFL) }
    }

    static let signals = [SIGINT, SIGTERM, SIGHUP]

    deinit { remove() }
}
