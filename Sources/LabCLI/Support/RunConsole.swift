import Foundation
import LabCore
import Pipeline

/// What `lab run` prints while the executor works: one line per finished step
/// (`ran    data            0.42 s`), the log tail of a failure, and progress.
///
/// On a terminal, a status block under the finished lines, redrawn in place: the run's
/// done/total step count and elapsed time, then one line per running step with its elapsed
/// time, latest progress message, fraction and ETA (all of them, up to the terminal's height).
/// Elsewhere (CI, `nohup`, a pipe), a line per running step every `interval` seconds
/// (`running train  1m00s · it 120/300 loss 2.310 · 40% · ETA 1m30s · 3/10 steps done`), so a long
/// step is never silent. Events come from several threads; one lock orders the output.
final class RunConsole: @unchecked Sendable {
    enum Mode {
        /// Redraw a status block; the terminal's columns and rows are asked at each draw.
        case terminal(width: @Sendable () -> Int, height: @Sendable () -> Int)
        /// Print a progress line for each running step every so many seconds.
        case lines(every: TimeInterval)
    }

    /// Seconds between progress lines when output is not a terminal; `LAB_PROGRESS_INTERVAL`
    /// changes it (tests use a fraction of a second).
    static let defaultInterval: TimeInterval = 30
    static let intervalVariable = "LAB_PROGRESS_INTERVAL"

    private let output: TextOutput
    private let mode: Mode
    private let idWidth: Int
    private let now: @Sendable () -> Date
    private let lock = NSCondition()
    private var running: [StepProgress] = []
    private var total: Int?
    private var done = 0
    private let runStart: Date
    /// Lines of the status block on screen now (terminal mode); the cursor is on its last one.
    private var statusLines = 0
    private var lastDraw = Date.distantPast
    private var stopped = false
    private var tickerDone: DispatchSemaphore?

    init(output: TextOutput, stepIDs: [String], mode: Mode, now: @escaping @Sendable () -> Date = { Date() }) {
        self.output = output
        self.mode = mode
        self.now = now
        self.runStart = now()
        self.idWidth = min(32, (stepIDs.map(\.count).max() ?? 8) + 2)
    }

    /// The mode for `output`: a terminal's status block, or lines every `LAB_PROGRESS_INTERVAL`
    /// seconds (default 30; a value that is not a positive number is refused with `warning`).
    static func mode(for output: TextOutput, environment: [String: String], warning: (String) -> Void) -> Mode {
        if output.isTerminal {
            // Asked at each draw (the window may be resized); 80 × 24 when the terminal does not say.
            return .terminal(width: { output.terminalSize.map { $0.columns > 10 ? $0.columns : 80 } ?? 80 },
                             height: { output.terminalSize.map { $0.rows > 3 ? $0.rows : 24 } ?? 24 })
        }
        guard let text = environment[intervalVariable] else { return .lines(every: defaultInterval) }
        guard let seconds = Double(text), seconds.isFinite, seconds > 0 else {
            warning("\(intervalVariable) must be a positive number of seconds, not '\(text)'; using \(Int(defaultInterval))")
            return .lines(every: defaultInterval)
        }
        return .lines(every: seconds)
    }

    /// Starts the clock that redraws elapsed times (terminal) or prints progress lines.
    func start() {
        let tick: TimeInterval
        switch mode {
        case .terminal: tick = 1
        case .lines(let every): tick = min(1, every / 2)
        }
        let finished = DispatchSemaphore(value: 0)
        tickerDone = finished
        let thread = Thread { [self] in
            lock.lock()
            while !stopped {
                _ = lock.wait(until: Date(timeIntervalSinceNow: tick))
                if !stopped { onTick() }
            }
            lock.unlock()
            finished.signal()
        }
        thread.start()
    }

    func handle(_ event: ExecutorEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .runStarted(_, let steps):
            total = steps
        case .stepWaiting(let id):
            print("wait   \(id): another lab run is computing it")
        case .stepStarted(let id):
            running.append(StepProgress(id: id, started: now()))
            drawStatus(force: true)
        case .stepProgress(let id, let progress):
            if let i = running.firstIndex(where: { $0.id == id }) { running[i].update(progress, at: now()) }
            drawStatus(force: false)
        case .stepFinished(let outcome):
            running.removeAll { $0.id == outcome.stepID }
            done += 1
            print(lines(of: outcome).joined(separator: "\n"))
            drawStatus(force: true)
        case .stepsFinished(let outcomes):
            done += outcomes.count
            print(outcomes.flatMap(lines).joined(separator: "\n"))
            drawStatus(force: true)
        case .stepsRecorded:
            break
        }
    }

    /// A finished step's line; for a failure, its error's further lines and its log's tail.
    private func lines(of outcome: StepOutcome) -> [String] {
        let line = outcome.line(idWidth: idWidth)
        var lines = [line.utf8.contains(UInt8(ascii: "\n"))
                     ? line.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? "" : line]
        if outcome.status == .failed {
            // The error's further lines, then the log's tail (without repeating the error).
            lines += (outcome.error ?? "").split(separator: "\n").dropFirst().map { "       " + $0 }
            if !outcome.logTail.isEmpty {
                lines.append("       last lines of \(outcome.logFile?.path ?? "its log"):")
                lines += outcome.logTail.map { "       | " + $0 }
            }
        }
        return lines
    }

    /// A note between step lines (e.g. "interrupting…").
    func note(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        print(text)
        drawStatus(force: true)
    }

    /// Stops the clock and clears the status block before the final summary.
    func finish() {
        lock.lock()
        stopped = true
        lock.broadcast()
        clearStatus()
        lock.unlock()
        tickerDone?.wait()
        tickerDone = nil
    }

    /// `3/10 steps done`
    private var count: String { "\(done)/\(total.map(String.init) ?? "?") steps done" }

    private func onTick() {
        switch mode {
        case .terminal:
            drawStatus(force: true)
        case .lines(let every):
            let time = now()
            for i in running.indices where time.timeIntervalSince(running[i].lastLine) >= every {
                running[i].lastLine = time
                output.line("running " + running[i].id + "  " + running[i].summary(at: time) + " · " + count)
            }
        }
    }

    private func print(_ text: String) {
        clearStatus()
        output.line(text)
    }

    /// Erases the status block: its last line, then each line above it.
    private func clearStatus() {
        guard statusLines > 0 else { return }
        output.write("\r\u{1B}[K" + String(repeating: "\u{1B}[1A\u{1B}[K", count: statusLines - 1))
        statusLines = 0
    }

    /// At most ten redraws a second unless something started or finished (or the clock ticked).
    private func drawStatus(force: Bool) {
        guard case .terminal(let width, let height) = mode else { return }
        guard !running.isEmpty else { clearStatus(); return }
        let time = now()
        guard force || time.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = time
        let columns = max(20, width() - 1)   // never the last column: some terminals wrap there
        var lines = ["\(count) · \(ProgressClock.text(time.timeIntervalSince(runStart))) · \(running.count) running"]
        let room = max(2, height() - 2)
        let shown = running.count <= room ? running[...] : running.prefix(room - 1)
        let column = (shown.map(\.id.count).max() ?? 0) + 2
        lines += shown.map { "  " + $0.id.padding(toLength: column, withPad: " ", startingAt: 0) + $0.summary(at: time) }
        if shown.count < running.count { lines.append("  … and \(running.count - shown.count) more running") }
        let text = lines.map { DisplayWidth.clip($0, to: columns) }.joined(separator: "\n")
        clearStatus()
        output.write(text)
        statusLines = lines.count
    }
}
