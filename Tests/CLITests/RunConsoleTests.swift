import Foundation
import XCTest
import LabCore
import Pipeline
@testable import LabCLI

/// The run's progress display: on a terminal a status block with the done/total count, elapsed
/// times, every running step and an ETA for those that report a fraction; elsewhere a line per
/// running step every interval. And the notebook rewritten during a run, throttled.
final class RunConsoleTests: XCTestCase {
    /// A clock the test moves.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var time = Date(timeIntervalSince1970: 1_000_000)
        var now: Date { lock.withLock { time } }
        func advance(_ seconds: Double) { lock.withLock { time += seconds } }
    }

    /// The terminal's lines after `buffer` is written to it: a small emulator of what RunConsole
    /// writes (text, `\n`, `\r`, erase to the end of the line, one line up).
    func screen(_ buffer: String) -> [String] {
        var lines = [[Character]()], row = 0, column = 0
        var rest = Substring(buffer)
        while let c = rest.first {
            if rest.hasPrefix("\u{1B}[K") { lines[row].removeSubrange(min(column, lines[row].count)...); rest = rest.dropFirst(3); continue }
            if rest.hasPrefix("\u{1B}[1A") { row = max(0, row - 1); rest = rest.dropFirst(4); continue }
            rest = rest.dropFirst()
            switch c {
            case "\r": column = 0
            case "\n":
                row += 1
                column = 0
                if row == lines.count { lines.append([]) }
            default:
                if column < lines[row].count { lines[row][column] = c } else { lines[row].append(c) }
                column += 1
            }
        }
        return lines.map { String($0) }
    }

    /// The status block: the screen's lines from the count line on.
    func lastFrame(_ buffer: String) -> [String] {
        let lines = screen(buffer)
        guard let start = lines.lastIndex(where: { $0.contains(" steps done · ") }) else { return [] }
        return Array(lines[start...])
    }

    func outcome(_ id: String) -> StepOutcome { StepOutcome(stepID: id, status: .ran, key: "k", seconds: 1) }

    func testATerminalShowsEveryRunningStepWithItsETAAndTheRunsCount() {
        let clock = Clock()
        let out = TextOutput(nil)
        let ids = ["data", "train[scheme=dense(0.75),lr=1e-3]", "train[scheme=sparse(0.25),lr=1e-3]"]
        let console = RunConsole(output: out, stepIDs: ids, mode: .terminal(width: { 100 }, height: { 30 }), now: { clock.now })
        console.handle(.runStarted(runID: 1, steps: 5))
        console.handle(.stepFinished(outcome("data")))
        console.handle(.stepStarted(stepID: ids[1]))
        console.handle(.stepStarted(stepID: ids[2]))
        clock.advance(5)
        console.handle(.stepProgress(stepID: ids[1], .init("it 10/300 loss 3.100", fraction: 10.0 / 300)))
        console.handle(.stepProgress(stepID: ids[2], .init("tokenizing 4000 examples", fraction: 0)))
        clock.advance(10)
        console.handle(.stepProgress(stepID: ids[1], .init("it 110/300 loss 2.400", fraction: 110.0 / 300)))
        console.handle(.stepProgress(stepID: ids[2], .init("it 50/300 loss 2.900", fraction: 50.0 / 300)))
        clock.advance(1)
        console.handle(.stepProgress(stepID: ids[2], .init("it 60/300 loss 2.800", fraction: 60.0 / 300)))

        let frame = lastFrame(out.buffer)
        XCTAssertEqual(frame, [
            "1/5 steps done · 16s · 2 running",
            "  train[scheme=dense(0.75),lr=1e-3]   16s · it 110/300 loss 2.400 · 37% · ETA 18s",
            "  train[scheme=sparse(0.25),lr=1e-3]  16s · it 60/300 loss 2.800 · 20% · ETA 44s",
        ], out.buffer)
        // The first: 100 iterations in 10 s, 190 left at its report (15 s) is 19 s, 1 s ago; the
        // second's rate is measured from its first fraction (0 at 5 s): 60 in 11 s, 240 left ≈ 44 s.
        XCTAssertTrue(frame.allSatisfy { $0.count < 100 })

        console.handle(.stepFinished(outcome(ids[1])))
        XCTAssertEqual(lastFrame(out.buffer).first, "2/5 steps done · 16s · 1 running")
        console.finish()
        XCTAssertEqual(Array(screen(out.buffer).reversed().drop(while: \.isEmpty).reversed()),
                       ["ran    data                              1.00 s", "ran    train[scheme=dense(0.75),lr=1e-3]   1.00 s"],
                       "the block is erased before the summary")
    }

    func testMoreRunningStepsThanRowsAreCountedAndLongLinesCut() {
        let clock = Clock()
        let out = TextOutput(nil)
        let ids = (1...8).map { "variant-\($0)" }
        let console = RunConsole(output: out, stepIDs: ids, mode: .terminal(width: { 40 }, height: { 6 }), now: { clock.now })
        console.handle(.runStarted(runID: 1, steps: 8))
        for id in ids { console.handle(.stepStarted(stepID: id)) }
        clock.advance(1)
        console.handle(.stepProgress(stepID: "variant-1", .init(String(repeating: "x", count: 80))))
        let frame = lastFrame(out.buffer)
        XCTAssertEqual(frame.count, 5, "\(frame)")
        XCTAssertEqual(frame.last, "  … and 5 more running")
        XCTAssertTrue(frame[1].hasPrefix("  variant-1  1s · xxx"), "\(frame)")
        XCTAssertTrue(frame.allSatisfy { $0.count <= 39 }, "\(frame)")
        XCTAssertTrue(frame[1].hasSuffix("…"))
        console.finish()
    }

    func testWithoutATerminalEachRunningStepGetsALineEveryInterval() {
        let out = TextOutput(nil)
        let console = RunConsole(output: out, stepIDs: ["quick", "slow"], mode: .lines(every: 0.1))
        console.start()
        console.handle(.runStarted(runID: 1, steps: 3))
        console.handle(.stepStarted(stepID: "quick"))
        console.handle(.stepFinished(outcome("quick")))
        console.handle(.stepStarted(stepID: "slow"))
        console.handle(.stepProgress(stepID: "slow", .init("scored 5/10 rows", fraction: 0.5)))
        Thread.sleep(forTimeInterval: 0.45)
        console.finish()
        let progress = out.buffer.lines(startingWith: "running ")
        XCTAssertGreaterThanOrEqual(progress.count, 2, out.buffer)
        XCTAssertTrue(progress.allSatisfy { $0.hasPrefix("running slow  0s · scored 5/10 rows · 50%") && $0.hasSuffix(" · 1/3 steps done") },
                      out.buffer)
        XCTAssertFalse(out.buffer.contains("\u{1B}"), "no terminal codes in a log")
        let after = out.buffer
        Thread.sleep(forTimeInterval: 0.25)
        XCTAssertEqual(out.buffer, after, "nothing after finish")
    }

    func testTheIntervalComesFromTheEnvironment() {
        var warnings: [String] = []
        let out = TextOutput(nil)
        guard case .lines(let every) = RunConsole.mode(for: out, environment: ["LAB_PROGRESS_INTERVAL": "0.5"], warning: { warnings.append($0) }) else {
            return XCTFail("a buffer is not a terminal")
        }
        XCTAssertEqual(every, 0.5)
        guard case .lines(let fallback) = RunConsole.mode(for: out, environment: ["LAB_PROGRESS_INTERVAL": "soon"], warning: { warnings.append($0) }) else {
            return XCTFail()
        }
        XCTAssertEqual(fallback, 30)
        XCTAssertEqual(warnings, ["LAB_PROGRESS_INTERVAL must be a positive number of seconds, not 'soon'; using 30"])
    }

    func testTheNotebookIsRewrittenAtMostOncePerInterval() {
        let written = Counter()
        let refresher = NotebookRefresher(interval: 0.25) { runID in
            XCTAssertEqual(runID, 7)
            written.increment()
        }
        refresher.handle(.runStarted(runID: 7, steps: 10_000))
        let start = Date()
        var events = 0
        while Date().timeIntervalSince(start) < 0.65 {
            refresher.handle(.stepsRecorded)
            events += 1
            usleep(500)
        }
        refresher.stop()
        XCTAssertGreaterThan(events, 300)
        XCTAssertEqual(written.value, refresher.writeCount)
        XCTAssertTrue((1...3).contains(written.value), "\(written.value) writes for \(events) recorded batches")

        // A run shorter than the interval (an all-cached rerun) writes none before the end.
        let quick = NotebookRefresher(interval: 5) { _ in written.increment() }
        quick.handle(.runStarted(runID: 8, steps: 1))
        quick.handle(.stepsRecorded)
        quick.stop()
        XCTAssertEqual(quick.writeCount, 0)
    }

    /// A write that takes 50 ms is spaced 1 s from the next, whatever the interval.
    func testASlowNotebookIsWrittenLessOften() {
        let written = Counter()
        let refresher = NotebookRefresher(interval: 0.01) { _ in
            Thread.sleep(forTimeInterval: 0.05)
            written.increment()
        }
        refresher.handle(.runStarted(runID: 1, steps: 10_000))
        let start = Date()
        while Date().timeIntervalSince(start) < 0.6 {
            refresher.handle(.stepsRecorded)
            usleep(1000)
        }
        refresher.stop()
        XCTAssertEqual(written.value, 1, "at 0.01 s; the next not before about 1.06 s")
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var value: Int { lock.withLock { count } }
        func increment() { lock.withLock { count += 1 } }
    }
}
