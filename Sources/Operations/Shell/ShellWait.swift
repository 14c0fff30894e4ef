import Foundation
import LabCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for a shell step's child: polls it (short sleeps at first, so a quick command costs
/// little), reads its output now and then, and kills its process group on cancellation or
/// timeout — SIGTERM first, SIGKILL two seconds later.
struct ShellWait {
    enum Result {
        case ended(ChildProcess.Termination)
        case cancelled
        case timedOut
    }

    let child: ChildProcess
    let timeout: Double
    let isCancelled: @Sendable () -> Bool
    let onOutput: () -> Void

    static let killGrace = 2.0

    func run() -> Result {
        let start = Date()
        var delay: UInt32 = 200        // µs, grows to 20 ms
        var lastRead = Date()
        var stopping: (reason: Result, since: Date, killed: Bool)?
        while true {
            if let termination = child.poll() {
                return stopping?.reason ?? .ended(termination)
            }
            if stopping == nil {
                if isCancelled() {
                    stopping = (.cancelled, Date(), false)
                } else if timeout > 0, Date().timeIntervalSince(start) > timeout {
                    stopping = (.timedOut, Date(), false)
                }
                if stopping != nil { child.signalGroup(SIGTERM) }
            } else if let s = stopping, !s.killed, Date().timeIntervalSince(s.since) > ShellWait.killGrace {
                child.signalGroup(SIGKILL)
                stopping?.killed = true
            }
            if Date().timeIntervalSince(lastRead) > 0.1 {
                onOutput()
                lastRead = Date()
            }
            usleep(delay)
            delay = min(delay * 2, 20_000)
        }
    }
}
