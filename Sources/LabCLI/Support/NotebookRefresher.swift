import Foundation
import Pipeline

/// Rewrites a run's notebook while it runs, so a long run can be watched: after steps are
/// recorded, at most once every `interval` seconds (counted from the run's start, so a run
/// shorter than that — an all-cached rerun — writes only its final notebook), on a thread of its
/// own so that the scheduler never waits for it. `lab run` writes the final notebook itself after
/// `stop()`, which waits for a write in progress. The notebook is built from the ledger, where
/// the run is `running` until it ends, so the page says so.
final class NotebookRefresher: @unchecked Sendable {
    /// `LAB_NOTEBOOK_INTERVAL` changes the interval (tests use a fraction of a second).
    static let defaultInterval: TimeInterval = 5
    static let intervalVariable = "LAB_NOTEBOOK_INTERVAL"

    private let interval: TimeInterval
    private let write: @Sendable (Int) -> Void
    private let condition = NSCondition()
    private var runID: Int?
    private var dirty = false
    private var stopped = false
    private var lastWrite: Date
    private let finished = DispatchSemaphore(value: 0)
    private var writes = 0

    /// `write(runID)` writes the notebook; its failures are its own business (the final write
    /// reports them).
    init(interval: TimeInterval, write: @escaping @Sendable (Int) -> Void) {
        self.interval = interval
        self.write = write
        self.lastWrite = Date()
        let thread = Thread { [self] in loop() }
        thread.start()
    }

    /// The interval from `LAB_NOTEBOOK_INTERVAL` (a positive number of seconds), else the default.
    static func interval(environment: [String: String]) -> TimeInterval {
        guard let seconds = environment[intervalVariable].flatMap(Double.init), seconds.isFinite, seconds > 0 else {
            return defaultInterval
        }
        return seconds
    }

    /// Mid-run writes so far.
    var writeCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return writes
    }

    func handle(_ event: ExecutorEvent) {
        condition.lock()
        defer { condition.unlock() }
        switch event {
        case .runStarted(let id, _): runID = id
        case .stepsRecorded: dirty = true; condition.signal()
        default: break
        }
    }

    /// No write starts after this returns; one in progress is waited for.
    func stop() {
        condition.lock()
        let wasStopped = stopped
        stopped = true
        condition.signal()
        condition.unlock()
        if !wasStopped { finished.wait() }
    }

    private func loop() {
        condition.lock()
        while !stopped {
            guard dirty, let runID else { condition.wait(); continue }
            let due = lastWrite.addingTimeInterval(interval)
            guard Date() >= due else { _ = condition.wait(until: due); continue }
            dirty = false
            condition.unlock()
            write(runID)
            condition.lock()
            lastWrite = Date()
            writes += 1
        }
        condition.unlock()
        finished.signal()
    }
}
