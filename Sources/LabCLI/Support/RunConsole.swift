import Foundation
import LabCore
import Pipeline

/// What `lab run` prints while the executor works: one line per finished step
/// (`ran    data            0.42 s`), the log tail of a failure, and — on a terminal — a live
/// status line of what runs now with each step's latest progress message. Events come from
/// several threads; one lock orders the output.
final class RunConsole: @unchecked Sendable {
    private let output: TextOutput
    private let live: Bool
    private let idWidth: Int
    private let lock = NSLock()
    private var running: [(id: String, message: String?)] = []
    private var statusShown = false
    private var lastDraw = Date.distantPast

    init(output: TextOutput, stepIDs: [String]) {
        self.output = output
        self.live = output.isTerminal
        self.idWidth = min(32, (stepIDs.map(\.count).max() ?? 8) + 2)
    }

    func handle(_ event: ExecutorEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .runStarted:
            break
        case .stepWaiting(let id):
            print("wait   \(id): another lab run is computing it")
        case .stepStarted(let id):
            running.append((id, nil))
            drawStatus(force: true)
        case .stepProgress(let id, let progress):
            if let i = running.firstIndex(where: { $0.id == id }) {
                var text = progress.message
                if let f = progress.fraction { text += String(format: " %3.0f%%", f * 100) }
                running[i].message = text
            }
            drawStatus(force: false)
        case .stepFinished(let outcome):
            running.removeAll { $0.id == outcome.stepID }
            print(lines(of: outcome).joined(separator: "\n"))
            drawStatus(force: true)
        case .stepsFinished(let outcomes):
            print(outcomes.flatMap(lines).joined(separator: "\n"))
            drawStatus(force: true)
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

    /// Clears the status line before the final summary.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        clearStatus()
    }

    private func print(_ text: String) {
        clearStatus()
        output.line(text)
    }

    private func clearStatus() {
        guard live, statusShown else { return }
        output.write("\r\u{1B}[K")
        statusShown = false
    }

    /// At most ten redraws a second unless something started or finished.
    private func drawStatus(force: Bool) {
        guard live else { return }
        guard !running.isEmpty else { clearStatus(); return }
        guard force || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        let parts = running.map { step in step.message.map { "\(step.id) (\($0))" } ?? step.id }
        var text = "running: " + parts.joined(separator: ", ")
        let width = RunConsole.terminalWidth() - 1
        if text.count > width { text = String(text.prefix(max(0, width - 1))) + "…" }
        output.write("\r\u{1B}[K" + text)
        statusShown = true
    }

    private static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 10 { return Int(size.ws_col) }
        return 80
    }
}
