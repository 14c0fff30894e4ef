import XCTest
import LabCore
@testable import Recipes

/// `repeat: N` on a step and `--repeat N` on the whole recipe: a sweep axis `rep` = 1...N.
final class ReplicateTests: XCTestCase {
    private let header = "lab: 1\nname: reps\nparams: {n: 2}\nsteps:\n"

    /// model (repeat 3) → eval (follows) → report (gathers).
    private let chain = """
      model:
        op: shell
        repeat: 3
        with: {run: "train ${sweep.rep}"}
      eval:
        op: shell
        with: {run: "eval ${sweep.rep}", extra: "${steps.model}"}
      report:
        op: summarize
        with: {models: "${all.eval}"}

    """

    func testRepeatIsARepSweepThatStepsFollowAndGather() throws {
        let recipe = try load(header + chain)
        XCTAssertEqual(recipe.steps.map(\.id), ["model[rep=1]", "model[rep=2]", "model[rep=3]",
                                                "eval[rep=1]", "eval[rep=2]", "eval[rep=3]", "report"])
        XCTAssertEqual(recipe.step("model[rep=2]")?.variant.map(\.key), ["rep"])
        XCTAssertEqual(recipe.step("model[rep=2]")?.variant.map(\.value), [2])
        XCTAssertEqual(recipe.step("model[rep=3]")?.params["run"], "train 3")
        XCTAssertEqual(recipe.step("eval[rep=2]")?.params["run"], "eval 2")
        XCTAssertEqual(recipe.step("eval[rep=2]")?.params["extra"], StepReference.value("model[rep=2]"))
        XCTAssertEqual(recipe.step("report")?.params["models"],
                       .array(["eval[rep=1]", "eval[rep=2]", "eval[rep=3]"].map(StepReference.value)))
        // Only the step that repeats owns `rep`; its followers inherit it.
        XCTAssertEqual(recipe.step("model[rep=1]")?.ownSweepKeys, ["rep"])
        XCTAssertEqual(recipe.step("eval[rep=1]")?.ownSweepKeys, [])
        XCTAssertEqual(recipe.step("report")?.ownSweepKeys, [])
    }

    func testRepeatCombinesWithTheStepsOwnSweepAsTheInnermostAxis() throws {
        let recipe = try load(header + """
          model:
            op: shell
            sweep: {lr: [0.1, 0.2]}
            repeat: 2
            with: {run: "train ${sweep.lr} ${sweep.rep}"}
        """)
        XCTAssertEqual(recipe.steps.map(\.id), ["model[lr=0.1,rep=1]", "model[lr=0.1,rep=2]",
                                                "model[lr=0.2,rep=1]", "model[lr=0.2,rep=2]"])
        XCTAssertEqual(recipe.step("model[lr=0.2,rep=1]")?.params["run"], "train 0.2 1")
        XCTAssertEqual(recipe.step("model[lr=0.2,rep=1]")?.ownSweepKeys, ["lr", "rep"])
    }

    func testRepeatOneIsNoRepeat() throws {
        let once = try load(header + "  model:\n    op: shell\n    repeat: 1\n    with: {run: go}\n")
        let plain = try load(header + "  model:\n    op: shell\n    with: {run: go}\n")
        XCTAssertEqual(once.steps.map(\.id), ["model"])
        XCTAssertEqual(once.steps[0].variant.count, 0)
        XCTAssertEqual(once.steps[0].resolvedValue, plain.steps[0].resolvedValue)
        XCTAssertEqual(try load(header + chain, repeat: 1).steps.map(\.id), try load(header + chain).steps.map(\.id))
    }

    func testRepeatFlagReplicatesEverySourceStep() throws {
        let recipe = try load(header + """
          data:
            op: shell
            with: {run: data}
          other:
            op: shell
            with: {run: other}
          model:
            op: shell
            with: {run: train, extra: ["${steps.data}", "${steps.other}"]}
          report:
            op: summarize
            with: {models: "${all.model}"}
        """, repeat: 2)
        // Two sources, each replicated; `model` joins them on `rep` (replicate i of the whole
        // chain), and the gathering step is not replicated: it gathers every replicate.
        XCTAssertEqual(recipe.steps.map(\.id), ["data[rep=1]", "data[rep=2]", "other[rep=1]", "other[rep=2]",
                                                "model[rep=1]", "model[rep=2]", "report"])
        XCTAssertEqual(recipe.step("model[rep=2]")?.params["extra"],
                       .array([StepReference.value("data[rep=2]"), StepReference.value("other[rep=2]")]))
        XCTAssertEqual(recipe.step("report")?.params["models"],
                       .array([StepReference.value("model[rep=1]"), StepReference.value("model[rep=2]")]))
    }

    func testRepeatFlagKeepsAStepsOwnRepeatAndRepSweep() throws {
        let recipe = try load(header + """
          a:
            op: shell
            repeat: 3
            with: {run: a}
          b:
            op: shell
            repeat: 1
            with: {run: b}
          c:
            op: shell
            sweep: {rep: [7, 8]}
            with: {run: c}
          d:
            op: shell
            sweep: {x: [p, q]}
            with: {run: d}
        """, repeat: 2)
        XCTAssertEqual(recipe.steps.map(\.id), [
            "a[rep=1]", "a[rep=2]", "a[rep=3]", "b", "c[rep=7]", "c[rep=8]",
            "d[x=p,rep=1]", "d[x=p,rep=2]", "d[x=q,rep=1]", "d[x=q,rep=2]",
        ])
    }

    func testASweepNamedRepBehavesLikeRepeat() throws {
        let swept = try load(header + "  m:\n    op: shell\n    sweep: {rep: [1, 2, 3]}\n    with: {run: go}\n")
        let repeated = try load(header + "  m:\n    op: shell\n    repeat: 3\n    with: {run: go}\n")
        XCTAssertEqual(swept.steps.map(\.id), repeated.steps.map(\.id))
        XCTAssertEqual(swept.steps.map(\.variantValue), repeated.steps.map(\.variantValue))
    }

    func testRepeatErrors() {
        let cases: [(String, String)] = [
            ("  m:\n    op: shell\n    repeat: 0\n    with: {run: a}\n",
             "r.yaml:7:13: 'repeat' must be an integer from 1 to 1000, not '0'"),
            ("  m:\n    op: shell\n    repeat: 1001\n    with: {run: a}\n",
             "r.yaml:7:13: 'repeat' must be an integer from 1 to 1000, not '1001'"),
            ("  m:\n    op: shell\n    repeat: 2.5\n    with: {run: a}\n",
             "r.yaml:7:13: 'repeat' must be an integer from 1 to 1000, not '2.5'"),
            ("  m:\n    op: shell\n    repeat: '3'\n    with: {run: a}\n",
             "r.yaml:7:13: 'repeat' must be an integer from 1 to 1000, not ''3''"),
            ("  m:\n    op: shell\n    repeat: -1\n    with: {run: a}\n",
             "r.yaml:7:13: 'repeat' must be an integer from 1 to 1000, not '-1'"),
            ("  m:\n    op: shell\n    repeat: [3]\n    with: {run: a}\n",
             "r.yaml:7:13: 'repeat' must be an integer from 1 to 1000, not '[3]'"),
            ("  m:\n    op: shell\n    repeat: \"${n}\"\n    with: {run: a}\n",
             "r.yaml:7:13: 'repeat' must be an integer from 1 to 1000, not ''${n}''"),
            ("  m:\n    op: shell\n    sweep: {rep: [1, 2]}\n    repeat: 2\n    with: {run: a}\n",
             "r.yaml:7:13: sweep key 'rep' is taken by 'repeat' (which sweeps rep = 1...N): drop one of them"),
            ("  m:\n    op: shell\n    repeat: 2\n    with: {run: a}\n"
             + "  e:\n    op: shell\n    repeat: 2\n    with: {run: e, extra: \"${steps.m}\"}\n",
             "r.yaml:11:13: step 'e' repeats, but it already follows the replicates of step 'm' (sweep key 'rep')"),
            ("  m:\n    op: shell\n    repeat: 2\n    with: {run: a}\n"
             + "  e:\n    op: shell\n    sweep: {rep: [1]}\n    with: {run: e, extra: \"${steps.m}\"}\n",
             "r.yaml:11:13: sweep key 'rep' is already swept by step 'm', which step 'e' follows"),
            ("  m:\n    op: shell\n    repeat: 1000\n    sweep: {x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}\n    with: {run: a}\n",
             "r.yaml:5:3: step 'm' would have 11000 variants (at most 10000)"),
        ]
        for (steps, expected) in cases {
            XCTAssertEqual(loadError(header + steps), expected, "for\n\(steps)")
        }
        XCTAssertThrowsError(try load(header + chain, repeat: 0)) { error in
            XCTAssertEqual("\(error)", "r.yaml:0:0: --repeat 0: must be an integer from 1 to 1000")
        }
        XCTAssertThrowsError(try load(header + chain, repeat: 1001))
    }
}
