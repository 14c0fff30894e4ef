import Foundation
import XCTest
@testable import LabCLI

/// A run whose process dies is not left `running`; SIGTERM and SIGHUP cancel like Ctrl-C; a
/// second Ctrl-C kills the running steps' process groups before `lab` exits.
final class RunLivenessTests: XCTestCase {
    /// `quick` finishes; `slow` writes the pid of a `sleep` it starts (ignoring SIGTERM when
    /// `ignoreTerm`) to `slow.pid` and waits for it.
    func slowRecipe(_ ws: RunTestWorkspace, ignoreTerm: Bool = false) throws -> (recipe: String, marker: String) {
        let marker = ws.root.appendingPathComponent("slow.pid").path
        let trap = ignoreTerm ? "trap \"\" TERM; " : ""
        let recipe = try ws.write("slow.yaml", """
        lab: 1
        name: slow
        steps:
          quick:
            op: shell
            with: {run: 'echo quick > out.txt'}
          slow:
            op: shell
            with:
              run: '\(trap)sleep 1000 & echo $! > "$MARK.tmp"; mv "$MARK.tmp" "$MARK"; wait; echo done > out.txt'
              env: {MARK: "\(marker)", Q: "${steps.quick}"}

        """)
        return (recipe, marker)
    }

    func pid(in marker: String) -> pid_t {
        pid_t((try? String(contentsOfFile: marker, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
    }

    /// True while `pid` is a live process (a zombie, dead but not yet reaped, counts as gone).
    func isAlive(_ pid: pid_t) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return true }
        return !stat[close...].dropFirst(2).hasPrefix("Z")
    }

    func waitUntilGone(_ pid: pid_t, timeout: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !isAlive(pid) { return true }
            usleep(20_000)
        }
        return false
    }

    func testRunKilledWithSIGKILLIsAbandonedByTheNextCommand() throws {
        let ws = try RunTestWorkspace()
        let (recipe, marker) = try slowRecipe(ws)
        let run = try ws.spawnLab(["run", recipe], tag: "run")
        XCTAssertTrue(ws.waitFor(marker), ws.output("run"))
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        defer { kill(pid(in: marker), SIGKILL) }

        let runs = ws.lab("runs", "--json")
        XCTAssertEqual(runs.code, 0, runs.err)
        let list = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(runs.out.utf8)) as? [[String: Any]])
        XCTAssertEqual(list.map { $0["status"] as? String }, ["abandoned"], runs.out)
        XCTAssertNotNil(list.first?["finished"] as? String, "an abandoned run gets a finish time")
        let show = ws.lab("show", "1")
        XCTAssertEqual(show.code, 0, show.err)
        XCTAssertTrue(show.out.contains("abandoned"), show.out)
        let steps = ws.lab("query", "SELECT step, status FROM step_results WHERE run = 1 ORDER BY step")
        XCTAssertEqual(steps.out.split(separator: "\n").dropFirst(2).dropLast().map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) },
                       [["quick", "ran"], ["slow", "abandoned"]], steps.out)
    }

    func testALiveRunStaysRunningForOtherCommands() throws {
        let ws = try RunTestWorkspace()
        let (recipe, marker) = try slowRecipe(ws)
        let run = try ws.spawnLab(["run", recipe], tag: "run")
        XCTAssertTrue(ws.waitFor(marker), ws.output("run"))
        let runs = ws.lab("runs", "--json")
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        kill(pid(in: marker), SIGKILL)
        XCTAssertTrue(runs.out.contains("\"running\""), runs.out)
    }

    func interruptRecordsTheRunInterrupted(_ signal: Int32) throws {
        let ws = try RunTestWorkspace()
        let (recipe, marker) = try slowRecipe(ws)
        let run = try ws.spawnLab(["run", recipe], tag: "run")
        XCTAssertTrue(ws.waitFor(marker), ws.output("run"))
        let child = pid(in: marker)
        kill(run.processIdentifier, signal)
        run.waitUntilExit()
        let out = ws.output("run")
        XCTAssertEqual(run.terminationStatus, 130, out)
        XCTAssertTrue(out.contains("run 1 interrupted"), out)
        XCTAssertTrue(waitUntilGone(child), "the step's process group was stopped")
        let runs = ws.lab("runs", "--json")
        XCTAssertTrue(runs.out.contains("\"interrupted\""), runs.out)
    }

    func testSIGTERMRecordsTheRunInterrupted() throws { try interruptRecordsTheRunInterrupted(SIGTERM) }

    func testSIGHUPRecordsTheRunInterrupted() throws { try interruptRecordsTheRunInterrupted(SIGHUP) }

    /// A step that ignores SIGTERM survives the first Ctrl-C's grace period; the second Ctrl-C
    /// must SIGKILL its process group, not orphan it under init.
    func testSecondCtrlCKillsAStepThatIgnoresSIGTERM() throws {
        let ws = try RunTestWorkspace()
        let (recipe, marker) = try slowRecipe(ws, ignoreTerm: true)
        let run = try ws.spawnLab(["run", recipe], tag: "run")
        XCTAssertTrue(ws.waitFor(marker), ws.output("run"))
        let child = pid(in: marker)
        kill(run.processIdentifier, SIGINT)
        usleep(300_000)
        kill(run.processIdentifier, SIGINT)
        run.waitUntilExit()
        defer { kill(child, SIGKILL) }
        XCTAssertEqual(run.terminationStatus, 130, ws.output("run"))
        XCTAssertTrue(waitUntilGone(child), "the step's sleep (pid \(child)) was orphaned")
        // The run the second Ctrl-C cut short is not left running: abandoned, or, when this test
        // was held up past the step's 2 s kill grace (a loaded machine), already interrupted.
        let runs = ws.lab("runs", "--json")
        XCTAssertTrue(runs.out.contains("\"abandoned\"") || runs.out.contains("\"interrupted\""), runs.out)
        XCTAssertFalse(runs.out.contains("\"running\""), runs.out)
    }
}
