import Foundation
import XCTest
import LabCore
@testable import LabCLI

/// `lab run|plan RECIPE --sweep NAME=V1,V2`, end to end: the steps that use the parameter run
/// once per value, a rerun is all cached, the keys are those of the written sweep, values never
/// run as shell code; and `--set` of a list that feeds a sweep.
final class SweepFlagCLITests: XCTestCase {
    /// `data` does not use lr; `train` does; `eval` follows train; `report` gathers it.
    let recipe = """
    lab: 1
    name: lr-sweep
    params: {lr: 0.0003, n: 3}
    steps:
      data:
        op: shell
        with: {run: 'seq "$N" > numbers.txt', env: {N: "${n}"}}
      train:
        op: shell
        with:
          run: |
            echo ${lr} > lr.txt
            echo "{\\"loss\\": ${lr}}" > "$LAB_METRICS"
          env: {DATA: "${steps.data}"}
      eval:
        op: shell
        with: {run: 'cat "$M/lr.txt" > seen.txt', env: {M: "${steps.train}"}}
      report:
        op: shell
        with: {run: 'printf "%s\\n" "$ALL" | wc -l > count.txt', env: {ALL: "${all.train}"}}

    """

    func testEachValueRunsOnceAndTheSameCommandAgainIsAllCached() throws {
        let ws = try RunTestWorkspace()
        let path = try ws.write("r.yaml", recipe)
        let plan = ws.lab("plan", path, "--sweep", "lr=1e-3,3e-3,1e-2")
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertTrue(plan.out.hasPrefix("lr-sweep: 8 steps, 8 to run\n"), plan.out)
        for id in ["train[lr=1e-3]", "train[lr=3e-3]", "train[lr=1e-2]", "eval[lr=1e-2]"] {
            XCTAssertTrue(plan.out.contains(id), "\(id) in\n\(plan.out)")
        }

        let run = ws.lab("run", path, "--sweep", "lr=1e-3,3e-3,1e-2", "-j", "2")
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertEqual(run.out.lines(startingWith: "ran ").count, 8, run.out)
        XCTAssertEqual(run.out.lines(startingWith: "ran    data").count, 1, "data does not use lr: not duplicated\n\(run.out)")
        XCTAssertEqual(run.out.lines(startingWith: "ran    report").count, 1, "report gathers: not duplicated\n\(run.out)")

        let again = ws.lab("run", path, "--sweep", "lr=1e-3,3e-3,1e-2")
        XCTAssertEqual(again.code, 0, again.out + again.err)
        XCTAssertEqual(again.out.lines(startingWith: "ran ").count, 0, again.out)
        XCTAssertTrue(again.out.contains("run 2 succeeded: 8 cached"), again.out)
        XCTAssertTrue(ws.lab("plan", path, "--sweep", "lr=1e-3,3e-3,1e-2").out.hasPrefix("lr-sweep: 8 steps, 0 to run\n"))

        // What each variant computed, and what the run recorded.
        let show = ws.lab("show", "1")
        let json = try Value.parseJSON(ws.lab("show", "1", "--json").out)
        XCTAssertEqual(json["command"].stringValue,
                       "lab run \(path) --sweep lr=1e-3,3e-3,1e-2 -j 2", "the command as typed (lab show fits it to the terminal)")
        XCTAssertTrue(show.out.contains("lr=[0.001,0.003,0.01]"), show.out)
        let seen = ws.artifacts().compactMap { try? String(contentsOfFile: ws.root.path + "/artifacts/\($0)/seen.txt", encoding: .utf8) }
        XCTAssertEqual(seen.sorted(), ["0.001\n", "0.003\n", "0.01\n"], "each eval read its own train variant")
    }

    /// The recipe with the sweep written on `train` (and `${sweep.lr}` there) has the same keys.
    func testKeysAreThoseOfTheWrittenSweep() throws {
        let ws = try RunTestWorkspace()
        let path = try ws.write("r.yaml", recipe)
        XCTAssertEqual(ws.lab("run", path, "--sweep", "lr=1e-3,3e-3").code, 0)
        let written = recipe.replacingOccurrences(of: "  train:\n    op: shell\n", with: "  train:\n    op: shell\n    sweep: {lr: [1e-3, 3e-3]}\n")
            .replacingOccurrences(of: "${lr}", with: "${sweep.lr}")
        XCTAssertNotEqual(written, recipe)
        let writtenPath = try ws.write("written.yaml", written)
        let plan = ws.lab("plan", writtenPath)
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertTrue(plan.out.hasPrefix("lr-sweep: 6 steps, 0 to run\n"), plan.out)
        // A value typed differently is a different key (1e-3 vs 2e-3 changes train and what follows).
        XCTAssertTrue(ws.lab("plan", path, "--sweep", "lr=1e-3,2e-3").out.hasPrefix("lr-sweep: 6 steps, 3 to run\n"))
    }

    func testAValueIsNeverShellCode() throws {
        let ws = try RunTestWorkspace()
        let path = try ws.write("r.yaml", """
        lab: 1
        name: splice
        params: {s: hello}
        steps:
          a: {op: shell, with: {run: "echo ${s} > out.txt"}}

        """)
        let run = ws.lab("run", path, "--sweep", "s=plain,$(touch pwned); touch pwned2")
        XCTAssertEqual(run.code, 0, run.out + run.err)
        let texts = try ws.artifacts().map { try String(contentsOfFile: ws.root.path + "/artifacts/\($0)/out.txt", encoding: .utf8) }
        XCTAssertEqual(Set(texts), ["plain\n", "$(touch pwned); touch pwned2\n"])
        let planted = try FileManager.default.subpathsOfDirectory(atPath: ws.root.path).filter { $0.hasSuffix("pwned") || $0.hasSuffix("pwned2") }
        XCTAssertEqual(planted, [])
    }

    func testMistakesAreRecipeErrorsNamingTheFlag() throws {
        let ws = try RunTestWorkspace()
        let path = try ws.write("r.yaml", recipe)
        for (args, message) in [
            (["--sweep", "lr=1e-3,fast"], "r.yaml:3:10: --sweep lr=1e-3,fast: 'fast' is a string, and parameter 'lr' is a number"),
            (["--sweep", "n=1.5"], "--sweep n=1.5: '1.5' is a number, and parameter 'n' is an integer"),
            (["--sweep", "lrr=1"], "--sweep lrr=1: unknown parameter 'lrr' (did you mean 'lr'?)"),
        ] {
            for command in ["run", "plan"] {
                let result = ws.lab([command, path] + args)
                XCTAssertEqual(result.code, 65, result.err)
                XCTAssertTrue(result.err.contains(message), "\(command) \(args): \(result.err)")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.root.path + "/experiments"), "nothing ran, nothing recorded")
    }

    func testAListSetOnTheCommandLineFeedsASweep() throws {
        let ws = try RunTestWorkspace()
        let path = try ws.write("f.yaml", """
        lab: 1
        name: factors
        params: {factors: [1, 2]}
        steps:
          scaled:
            op: shell
            sweep: {f: "${factors}"}
            with: {run: "echo ${sweep.f} > f.txt"}

        """)
        let run = ws.lab("run", path, "--set", "factors=[3,4,5]")
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertEqual(run.out.lines(startingWith: "ran ").map { $0.split(separator: " ")[1] }.sorted(),
                       ["scaled[f=3]", "scaled[f=4]", "scaled[f=5]"])
        let bad = ws.lab("plan", path, "--set", "factors=3")
        XCTAssertEqual(bad.code, 65)
        XCTAssertTrue(bad.err.contains("--set factors=3: parameter 'factors' is a list"), bad.err)
    }

    func testHelpDocumentsSweep() {
        for command in ["run", "plan"] {
            let out = TextOutput(nil), err = TextOutput(nil)
            XCTAssertEqual(LabCommand.run([command, "--help"], output: out, errors: err), 0)
            XCTAssertTrue(out.buffer.contains("--sweep NAME=V1,V2,..."), out.buffer)
        }
    }
}
