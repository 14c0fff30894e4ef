import Foundation
import XCTest
import LabCore
@testable import LabCLI

/// Seeds and replicates end to end: `repeat:`, `--repeat`, `--set seed=`, in temporary workspaces.
final class ReplicateRunTests: XCTestCase {
    /// model (3 replicates, each writes its LAB_SEED) → check (follows) → report (gathers).
    let replicated = """
    lab: 1
    name: reps
    seed: 3
    steps:
      model:
        op: shell
        repeat: 3
        with:
          run: 'echo "$LAB_SEED" > seed.txt; echo "{\\"index\\": $REP}" > "$LAB_METRICS"'
          env: {REP: "${sweep.rep}"}
      check:
        op: shell
        with:
          run: 'cp "$MODEL/seed.txt" seed.txt'
          env: {MODEL: "${steps.model}"}
      report:
        op: shell
        with:
          run: 'printf "%s\\n" "$ALL" | while read d; do cat "$d/seed.txt"; done > seeds.txt'
          env: {ALL: "${all.check}"}

    """

    /// The seed an operation gets, worked independently: the first 16 hex digits of SHA-256(key).
    func expectedSeed(key: String) -> String {
        String(UInt64(SHA256.hex(key).prefix(16), radix: 16) ?? 0)
    }

    func read(_ ws: RunTestWorkspace, _ key: String, _ file: String) -> String {
        ((try? String(contentsOfFile: ws.root.path + "/artifacts/\(key)/\(file)", encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testRepeatMakesThreeReplicatesWithThreeSeedsRecordedUnderRep() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("reps.yaml", replicated)
        let run = ws.lab("run", recipe, "-j", "1")
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertEqual(run.out.lines(startingWith: "ran ").map { String($0.split(separator: " ")[1]) },
                       ["model[rep=1]", "model[rep=2]", "model[rep=3]", "check[rep=1]", "check[rep=2]", "check[rep=3]", "report"],
                       run.out)
        XCTAssertEqual(ws.artifacts().count, 7)

        // The ledger: each replicate's variant holds `rep` like any sweep key, with its key.
        let results = ws.lab("results", "--step", "model", "--json")
        XCTAssertEqual(results.code, 0, results.err)
        let rows = try XCTUnwrap(Value.parseJSON(results.out).arrayValue)
        XCTAssertEqual(rows.map { $0["variant"] }.sorted { $0.canonicalJSON < $1.canonicalJSON },
                       [["rep": 1], ["rep": 2], ["rep": 3]])
        var seeds: [String] = []
        for row in rows {
            let key = try XCTUnwrap(row["key"].stringValue)
            let seed = read(ws, key, "seed.txt")
            XCTAssertEqual(seed, expectedSeed(key: key), "LAB_SEED is derived from the step key")
            XCTAssertEqual(row["metrics"]["index"], row["variant"]["rep"].intValue.map { .double(Double($0)) })
            seeds.append(seed)
        }
        XCTAssertEqual(Set(seeds).count, 3, "three replicates, three seeds: \(seeds)")
        XCTAssertEqual(ws.lab("results", "--where", "rep = 2", "--columns", "step_id").out.lines(startingWith: "model[rep=2]").count, 1)

        // The gathering step saw every replicate's seed, in rep order.
        let report = try XCTUnwrap(Value.parseJSON(ws.lab("results", "--step", "report", "--json").out).arrayValue?.first)
        let bySeed = Dictionary(uniqueKeysWithValues: rows.map { ($0["variant"]["rep"].intValue ?? 0, read(ws, $0["key"].stringValue ?? "", "seed.txt")) })
        XCTAssertEqual(read(ws, report["key"].stringValue ?? "", "seeds.txt"), [1, 2, 3].compactMap { bySeed[$0] }.joined(separator: "\n"))

        let show = ws.lab("show", "last")
        XCTAssertEqual(show.code, 0, show.err)
        for id in ["model[rep=1]", "model[rep=2]", "model[rep=3]", "report"] {
            XCTAssertTrue(show.out.contains(id), show.out)
        }
    }

    let chain = """
    lab: 1
    name: chain
    seed: 3
    params: {x: 1}
    steps:
      a:
        op: shell
        with: {run: 'echo "$X $LAB_SEED" > a.txt', env: {X: "${x}"}}
      b:
        op: shell
        with: {run: 'cat "$A/a.txt" > b.txt', env: {A: "${steps.a}"}}
      c:
        op: shell
        with: {run: 'echo "$LAB_SEED" > c.txt'}
      all:
        op: shell
        with: {run: 'printf "%s\\n" "$B" | wc -l > n.txt', env: {B: "${all.b}"}}

    """

    func testRepeatFlagDoublesTheSourceStepsAndTheChain() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("chain.yaml", chain)
        let plan = ws.lab("plan", recipe, "--repeat", "2")
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertTrue(plan.out.hasPrefix("chain: 7 steps, 7 to run\n"), plan.out)
        let run = ws.lab("run", recipe, "--repeat", "2")
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertEqual(run.out.lines(startingWith: "ran ").map { String($0.split(separator: " ")[1]) }.sorted(),
                       ["a[rep=1]", "a[rep=2]", "all", "b[rep=1]", "b[rep=2]", "c[rep=1]", "c[rep=2]"], run.out)
        let gathered = try XCTUnwrap(Value.parseJSON(ws.lab("results", "--step", "all", "--json").out).arrayValue?.first)
        XCTAssertEqual(read(ws, gathered["key"].stringValue ?? "", "n.txt"), "2", "the gathering step reads both replicates")
        XCTAssertTrue(ws.lab("show", "last").out.contains("--repeat 2"), "the command is recorded with --repeat")

        // Without --repeat, the recipe as written: four new steps (ids without rep).
        XCTAssertTrue(ws.lab("plan", recipe).out.hasPrefix("chain: 4 steps, 4 to run\n"))
        XCTAssertEqual(ws.lab("plan", recipe, "--repeat", "0").code, 2)
        XCTAssertEqual(ws.lab("plan", recipe, "--repeat", "two").code, 2)
    }

    func testSetSeedChangesEveryKeyAndTheSameSeedChangesNone() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("chain.yaml", chain)
        XCTAssertEqual(ws.lab("run", recipe).code, 0)

        let same = ws.lab("plan", recipe, "--set", "seed=3")
        XCTAssertTrue(same.out.hasPrefix("chain: 4 steps, 0 to run\n"), same.out)

        let five = ws.lab("plan", recipe, "--set", "seed=5")
        XCTAssertEqual(five.code, 0, five.err)
        XCTAssertTrue(five.out.hasPrefix("chain: 4 steps, 4 to run\n"), five.out)
        XCTAssertEqual(five.out.components(separatedBy: "seed 3 → 5").count - 1, 4, five.out)
        let rerun = ws.lab("run", recipe, "--set", "seed=5")
        XCTAssertEqual(rerun.out.lines(startingWith: "ran ").count, 4, rerun.out)
        XCTAssertEqual(ws.artifacts().count, 8, "four new keys beside the four old ones")

        let bad = ws.lab("plan", recipe, "--set", "seed=-5")
        XCTAssertEqual(bad.code, 65)
        XCTAssertTrue(bad.err.contains("chain.yaml:3:7: --set seed=-5: the recipe seed must be a non-negative integer"), bad.err)

        // `seed: ${s}`: the parameter drives the seed.
        let parameterized = try ws.write("param.yaml", chain.replacingOccurrences(of: "seed: 3\nparams: {x: 1}",
                                                                                   with: "seed: ${s}\nparams: {x: 1, s: 3}"))
        XCTAssertTrue(ws.lab("plan", parameterized, "--set", "s=5").out.hasPrefix("chain: 4 steps, 0 to run\n"),
                      "same keys as the run with --set seed=5 (step ids and recipe names are not in keys)")
    }

    func testHelpDocumentsSeedAndRepeat() {
        for command in ["run", "plan"] {
            let out = TextOutput(nil), err = TextOutput(nil)
            XCTAssertEqual(LabCommand.run([command, "--help"], output: out, errors: err), 0)
            let help = out.buffer
            XCTAssertTrue(help.contains("--repeat N"), help)
            XCTAssertTrue(help.contains("--set seed=N"), help)
        }
    }
}
