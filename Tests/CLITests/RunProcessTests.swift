import Foundation
import XCTest
@testable import LabCLI

/// `lab run` as separate processes: two at once on one workspace, `kill -9`, Ctrl-C.
final class RunProcessTests: XCTestCase {
    /// Three steps that each append their id to a shared tally file outside the store, slowly
    /// enough that two concurrent runs overlap.
    func tallyRecipe(_ ws: RunTestWorkspace) throws -> String {
        let tally = ws.root.appendingPathComponent("tally.txt").path
        return try ws.write("tally.yaml", """
        lab: 1
        name: tally
        steps:
          a:
            op: shell
            with: {run: 'echo a >> "$TALLY"; sleep 0.4; echo a > out.txt', env: {TALLY: "\(tally)"}}
          b:
            op: shell
            with: {run: 'echo b >> "$TALLY"; sleep 0.2; cat "$A/out.txt" > out.txt', env: {TALLY: "\(tally)", A: "${steps.a}"}}
          c:
            op: shell
            with: {run: 'echo c >> "$TALLY"; sleep 0.3; echo c > out.txt', env: {TALLY: "\(tally)"}}

        """)
    }

    func testTwoConcurrentRunsComputeEachKeyOnce() throws {
        let ws = try RunTestWorkspace()
        let recipe = try tallyRecipe(ws)
        let one = try ws.spawnLab(["run", recipe], tag: "one")
        let two = try ws.spawnLab(["run", recipe], tag: "two")
        one.waitUntilExit()
        two.waitUntilExit()
        let out = ws.output("one") + ws.output("two")
        XCTAssertEqual(one.terminationStatus, 0, out)
        XCTAssertEqual(two.terminationStatus, 0, out)
        let tally = try String(contentsOfFile: ws.root.path + "/tally.txt", encoding: .utf8)
        XCTAssertEqual(tally.split(separator: "\n").sorted(), ["a", "b", "c"], "each key computed once; outputs:\n\(out)")
        XCTAssertEqual(out.lines(startingWith: "ran ").count, 3, out)
        XCTAssertEqual(out.lines(startingWith: "cached ").count, 3, out)
        XCTAssertEqual(ws.temporaries(), [])
    }

    /// A step that records its shell's pid, then (the first time only) hangs.
    func hangingRecipe(_ ws: RunTestWorkspace) throws -> (recipe: String, marker: String) {
        let marker = ws.root.appendingPathComponent("hang.pid").path
        let recipe = try ws.write("hang.yaml", """
        lab: 1
        name: hang
        steps:
          quick:
            op: shell
            with: {run: 'echo quick > out.txt'}
          slow:
            op: shell
            with:
              run: 'echo partial > half.txt; if [ ! -e "$MARK" ]; then echo $$ > "$MARK.tmp"; mv "$MARK.tmp" "$MARK"; sleep 30; fi; echo done > out.txt'
              env: {MARK: "\(marker)", Q: "${steps.quick}"}

        """)
        return (recipe, marker)
    }

    func testRunKilledWithSIGKILLResumesFromTheCache() throws {
        let ws = try RunTestWorkspace()
        let (recipe, marker) = try hangingRecipe(ws)
        let first = try ws.spawnLab(["run", recipe], tag: "first")
        XCTAssertTrue(ws.waitFor(marker), ws.output("first"))
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        // The orphaned shell of the killed run (its own process group) is ours to clean up.
        if let pid = Int32((try? String(contentsOfFile: marker, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") {
            kill(-pid, SIGKILL)
        }
        XCTAssertEqual(ws.artifacts().count, 1, "only the finished step is published")

        let second = try ws.spawnLab(["run", recipe], tag: "second")
        second.waitUntilExit()
        let out = ws.output("second")
        XCTAssertEqual(second.terminationStatus, 0, out)
        XCTAssertEqual(out.lines(startingWith: "cached ").map { $0.split(separator: " ")[1] }, ["quick"], out)
        XCTAssertEqual(out.lines(startingWith: "ran ").map { $0.split(separator: " ")[1] }, ["slow"], out)
        XCTAssertEqual(ws.temporaries(), [], "the killed run's temporary folder was removed")
        XCTAssertEqual(ws.artifacts().count, 2)
    }

    func testSIGINTCancelsCleanlyAndRecordsTheRunAsInterrupted() throws {
        let ws = try RunTestWorkspace()
        let (recipe, marker) = try hangingRecipe(ws)
        let run = try ws.spawnLab(["run", recipe], tag: "run")
        XCTAssertTrue(ws.waitFor(marker), ws.output("run"))
        let pid = Int32((try String(contentsOfFile: marker, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let start = Date()
        kill(run.processIdentifier, SIGINT)
        run.waitUntilExit()
        let out = ws.output("run")
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, out)
        XCTAssertEqual(run.terminationStatus, 130, out)
        XCTAssertTrue(out.contains("cancelled slow"), out)
        XCTAssertTrue(out.contains("run 1 interrupted"), out)
        XCTAssertNotEqual(kill(pid, 0), 0, "the step's shell was terminated")
        XCTAssertEqual(ws.temporaries(), [])
        XCTAssertEqual(ws.artifacts().count, 1)
        let runs = ws.lab("runs")
        XCTAssertTrue(runs.out.contains("interrupted"), runs.out)
        let log = try String(contentsOfFile: ws.root.path + "/experiments/run-1/logs/slow.log", encoding: .utf8)
        XCTAssertNotNil(log)
    }
}
