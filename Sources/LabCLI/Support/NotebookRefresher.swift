import Foundation
import Pipeline

/// Rewrites a run's notebook while it runs, so a long run can be watched. After steps are
/// recorded it writes at most once every `interval` seconds, the first time `interval` after the
/// run's start (so a shorter run, such as an all-cached rerun, writes only its final notebook),
/// and spaces writes at least 20 times a write's duration apart (a slow notebook, of a
/// 10,000-variant run, costs at most a twentieth of the run). It writes on a thread of its own, so
/// the scheduler never waits for it; `lab run` writes the final notebook itself after `stop()`,
/// which waits for a write in progress. The notebook is built from the ledger, where the run is
/// `running` until it ends, so the page says so.
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
    /// Seconds from one write to the next: `interval`, or more for a slow notebook.
    private var spacing: TimeInterval
    private let finished = DispatchSemaphore(value: 0)
    private var writes = 0

    /// `write(runID)` writes the notebook; its failures are its own business (the final write
    /// reports them).
    init(interval: TimeInterval, write: @escaping @Sendable (Int) -> Void) {
        self.interval = interval
        self.write = write
        self.lastWrite = Date()
        self.spacing = interval
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
            let due = lastWrite.addingTimeInterval(spacing)
            guard Date() >= due else { _ = condition.wait(until: due); continue }
            dirty = false
            condition.unlock()
            let started = Date()
            write(runID)
            condition.lock()
            lastWrite = Date()
            // A notebook slow to build (a 10,000-variant run) is written less often: its writes
            // take at most a twentieth of the run's time.
            spacing = max(interval, 20 * lastWrite.timeIntervalSince(started))
            writes += 1
        }
        condition.unlock()
        finished.signal()
    }
}
