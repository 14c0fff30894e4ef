import Foundation
import XCTest
@testable import LabCLI

/// `lab run` and `lab plan` end to end, in this process, in temporary workspaces.
final class RunCommandTests: XCTestCase {
    /// The shipped shell example recipe (no model: it runs in a blink), copied into a workspace.
    func shellExample(_ ws: RunTestWorkspace) throws -> String {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("recipes/shell-example.yaml")
        return try ws.write("recipes/shell-example.yaml", String(contentsOf: source, encoding: .utf8))
    }

    func testShellExampleRunsThenReusesEverything() throws {
        let ws = try RunTestWorkspace()
        let recipe = try shellExample(ws)
        let first = ws.lab("run", recipe, "--profile", "smoke")
        XCTAssertEqual(first.code, 0, first.out + first.err)
        XCTAssertEqual(first.out.lines(startingWith: "ran ").count, 8, first.out)
        XCTAssertTrue(first.out.contains("run 1 succeeded: 8 ran"), first.out)
        XCTAssertEqual(ws.artifacts().count, 8)
        XCTAssertTrue(first.out.contains("notebook "), first.out)
        XCTAssertTrue(FileManager.default.fileExists(atPath: ws.root.path + "/experiments/run-1/notebook.html"))

        let second = ws.lab("run", recipe, "--profile", "smoke")
        XCTAssertEqual(second.code, 0, second.err)
        XCTAssertEqual(second.out.lines(startingWith: "ran ").count, 0, second.out)
        XCTAssertEqual(second.out.lines(startingWith: "cached ").count, 8, second.out)
        XCTAssertEqual(second.out.lines(startingWith: "cached ").first, "cached numbers")
        XCTAssertEqual(ws.temporaries(), [])

        // The summary's metrics file became the step's metrics, for `lab results`.
        let results = ws.lab("results", "--step", "summary")
        XCTAssertEqual(results.code, 0, results.err)
        XCTAssertTrue(results.out.contains("mean"), results.out)
        XCTAssertEqual(results.out.lines(startingWith: "summary ").count, 3, results.out)
    }

    let chain = """
    lab: 1
    name: chain
    seed: 3
    params: {x: 1}
    steps:
      a:
        op: shell
        with: {run: 'echo "$X" > a.txt', env: {X: "${x}"}}
      b:
        op: shell
        with: {run: 'cat "$A/a.txt" > b.txt; echo b >> b.txt', env: {A: "${steps.a}"}}
      c:
        op: shell
        with: {run: 'echo c > c.txt'}

    """

    func testChangingOneParameterRerunsExactlyTheAffectedStepsAndPlanSaysWhy() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("chain.yaml", chain)
        XCTAssertEqual(ws.lab("run", recipe).code, 0)

        let plan = ws.lab("plan", recipe, "--set", "x=2")
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertTrue(plan.out.hasPrefix("chain: 3 steps, 2 to run\n"), plan.out)
        XCTAssertTrue(plan.out.contains("parameter env.X 1 → 2"), plan.out)
        XCTAssertTrue(plan.out.contains("input a changed (its key changed)"), plan.out)
        XCTAssertTrue(plan.out.contains(" c  cached"), plan.out)

        let dry = ws.lab("run", recipe, "--set", "x=2", "--dry-run")
        XCTAssertEqual(dry.out, plan.out, "--dry-run prints the plan")

        let rerun = ws.lab("run", recipe, "--set", "x=2")
        XCTAssertEqual(rerun.code, 0, rerun.err)
        XCTAssertEqual(rerun.out.lines(startingWith: "ran ").map { $0.split(separator: " ")[1] }, ["a", "b"], rerun.out)
        XCTAssertEqual(rerun.out.lines(startingWith: "cached ").map { $0.split(separator: " ")[1] }, ["c"], rerun.out)

        let forced = ws.lab("run", recipe, "--set", "x=2", "--force", "c")
        XCTAssertEqual(forced.out.lines(startingWith: "ran ").map { $0.split(separator: " ")[1] }, ["c"], forced.out)
        XCTAssertEqual(ws.lab("run", recipe, "--force", "nope").code, 2)
    }

    func testRecipeErrorExits65WithLocationAndWritesNothing() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("bad.yaml", "lab: 1\nname: bad\nsteps:\n  a:\n    op: shell\n    with: {run: x, colour: red}\n")
        let result = ws.lab("run", recipe)
        XCTAssertEqual(result.code, 65, result.err)
        XCTAssertTrue(result.err.contains("bad.yaml:6:"), result.err)
        XCTAssertEqual(ws.artifacts(), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.root.path + "/experiments/ledger.sqlite"))
        XCTAssertEqual(ws.lab("plan", recipe).code, 65)
    }

    func testFailedStepExits1WithItsLogTailAndSkipsDependents() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("fail.yaml", """
        lab: 1
        name: fail
        steps:
          broken:
            op: shell
            with: {run: 'echo step one; echo "disk on fire" >&2; exit 3'}
          after:
            op: shell
            with: {run: 'true', env: {B: "${steps.broken}"}}
          fine:
            op: shell
            with: {run: 'echo ok > ok.txt'}

        """)
        let result = ws.lab("run", recipe)
        XCTAssertEqual(result.code, 1, result.out + result.err)
        XCTAssertTrue(result.out.contains("failed broken"), result.out)
        XCTAssertTrue(result.out.contains(": exit status 3"), result.out)
        XCTAssertTrue(result.out.contains("| disk on fire"), result.out)
        XCTAssertTrue(result.out.contains("skipped after"), result.out)
        XCTAssertTrue(result.out.contains("ran    fine"), result.out)
        let log = try String(contentsOfFile: ws.root.path + "/experiments/run-1/logs/broken.log", encoding: .utf8)
        XCTAssertTrue(log.contains("disk on fire"), log)
        XCTAssertEqual(ws.artifacts().count, 1)
        XCTAssertEqual(ws.temporaries(), [])
    }
}
