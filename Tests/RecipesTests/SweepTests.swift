import XCTest
import LabCore
@testable import Recipes

final class SweepTests: XCTestCase {
    private let header = "lab: 1\nname: sweeps\nparams: {base: 0.5}\nsteps:\n"

    func testGridIdsKeepKeyOrderAndValuesAsWritten() throws {
        let recipe = try load(header + """
          grid:
            op: shell
            sweep:
              lr: [1e-3, 0.010, "${base}"]
              dim: [64, 128]
            with: {run: "train --lr ${sweep.lr} --dim ${sweep.dim}"}
        """)
        XCTAssertEqual(recipe.steps.map(\.id), [
            "grid[lr=1e-3,dim=64]", "grid[lr=1e-3,dim=128]",
            "grid[lr=0.010,dim=64]", "grid[lr=0.010,dim=128]",
            "grid[lr=0.5,dim=64]", "grid[lr=0.5,dim=128]",
        ])
        XCTAssertEqual(recipe.steps[0].variant.map(\.value), [0.001, 64])
        XCTAssertEqual(recipe.steps[5].variant.map(\.value), [0.5, 128])
        XCTAssertEqual(recipe.steps[1].params["run"], "train --lr 0.001 --dim 128")
    }

    func testFollowingInheritsAndAddsOwnSweep() throws {
        let recipe = try load(header + """
          train:
            op: shell
            sweep: {x: [1, 2]}
            with: {run: go}
          probe:
            op: shell
            sweep: {k: [a, b]}
            with: {run: "probe ${sweep.x} ${sweep.k}", extra: "${steps.train}"}
        """)
        XCTAssertEqual(recipe.steps.map(\.id), [
            "train[x=1]", "train[x=2]",
            "probe[x=1,k=a]", "probe[x=1,k=b]", "probe[x=2,k=a]", "probe[x=2,k=b]",
        ])
        XCTAssertEqual(recipe.step("probe[x=2,k=a]")?.params["extra"], StepReference.value("train[x=2]"))
        XCTAssertEqual(recipe.step("probe[x=2,k=a]")?.params["run"], "probe 2 a")
        XCTAssertEqual(recipe.step("probe[x=1,k=b]")?.variant.map(\.key), ["x", "k"])
    }

    func testFollowingTwoSweptStepsJoinsOnSharedKeys() throws {
        let recipe = try load(header + """
          a:
            op: shell
            sweep: {x: [1, 2]}
            with: {run: a}
          b:
            op: shell
            sweep: {y: [p, q]}
            with: {run: b, extra: "${steps.a}"}
          c:
            op: shell
            with: {run: c, extra: ["${steps.a}", "${steps.b}"]}
        """)
        let c = recipe.steps.filter { $0.name == "c" }
        XCTAssertEqual(c.map(\.id), ["c[x=1,y=p]", "c[x=1,y=q]", "c[x=2,y=p]", "c[x=2,y=q]"])
        XCTAssertEqual(recipe.step("c[x=2,y=p]")?.params["extra"],
                       .array([StepReference.value("a[x=2]"), StepReference.value("b[x=2,y=p]")]))
        XCTAssertEqual(recipe.step("c[x=2,y=p]")?.dependencies, ["a[x=2]", "b[x=2,y=p]"])
    }

    func testGatherCollectsVariantsInGridOrderAgreeingOnSharedKeys() throws {
        let recipe = try load(header + """
          a:
            op: shell
            sweep: {x: [1, 2]}
            with: {run: a}
          b:
            op: shell
            sweep: {y: [p, q]}
            with: {run: b, extra: "${steps.a}"}
          everything:
            op: summarize
            with: {models: "${all.b}"}
          per-x:
            op: summarize
            with: {models: "${all.b}", }
            sweep: {}
          by-a:
            op: shell
            with: {run: g, extra: {a: "${steps.a}", bs: "${all.b}"}}
        """)
        XCTAssertEqual(recipe.step("everything")?.params["models"], .array(
            ["b[x=1,y=p]", "b[x=1,y=q]", "b[x=2,y=p]", "b[x=2,y=q]"].map(StepReference.value)))
        XCTAssertEqual(recipe.step("by-a[x=2]")?.params["extra"],
                       ["a": StepReference.value("a[x=2]"), "bs": .array(["b[x=2,y=p]", "b[x=2,y=q]"].map(StepReference.value))])
        XCTAssertEqual(recipe.steps.filter { $0.name == "by-a" }.count, 2)
    }

    func testHugeGridIsRejected() {
        let values = "[" + (1...100).map(String.init).joined(separator: ", ") + "]"
        let text = header + "  g:\n    op: shell\n    sweep: {a: \(values), b: \(values), c: \(values)}\n    with: {run: x}\n"
        XCTAssertEqual(loadError(text), "r.yaml:5:3: step 'g' would have 1000000 variants (at most 10000)")
    }

    func testSweepErrors() {
        let cases: [(String, String)] = [
            ("  s:\n    op: shell\n    sweep: {x: [1, 2, 1]}\n    with: {run: a}\n",
             "r.yaml:7:23: sweep 'x' lists '1' twice"),
            ("  s:\n    op: shell\n    sweep: {x: 3}\n    with: {run: a}\n",
             "r.yaml:7:16: sweep 'x' must be a list of values, or one parameter holding a list (x: \"${name}\"), not a scalar"),
            ("  s:\n    op: shell\n    sweep: {x: []}\n    with: {run: a}\n",
             "r.yaml:7:16: sweep 'x' has no values"),
            ("  s:\n    op: shell\n    sweep: {x: [1]}\n    with: {run: \"${sweep.y}\"}\n",
             "r.yaml:8:17: unknown sweep key 'y' in '${sweep.y}' (did you mean 'x'?)"),
            ("  s:\n    op: shell\n    with: {run: \"${sweep.y}\"}\n",
             "r.yaml:7:17: unknown sweep key 'y' in '${sweep.y}' (this step has no sweep)"),
            ("  a:\n    op: shell\n    sweep: {x: [1]}\n    with: {run: a}\n"
             + "  b:\n    op: shell\n    sweep: {x: [2]}\n    with: {run: b, extra: \"${steps.a}\"}\n",
             "r.yaml:11:13: sweep key 'x' is already swept by step 'a', which step 'b' follows"),
            ("  a:\n    op: shell\n    sweep: {x: [\"${steps.b}\"]}\n    with: {run: a}\n"
             + "  b:\n    op: shell\n    with: {run: b}\n",
             "r.yaml:7:17: a sweep value may only refer to parameters, not '${steps.b}'"),
            ("  a:\n    op: shell\n    sweep: {x: [\"${nope}\"]}\n    with: {run: a}\n",
             "r.yaml:7:17: unknown parameter 'nope' in '${nope}'"),
            ("  a:\n    op: shell\n    sweep: {x.y: [1]}\n    with: {run: a}\n",
             "r.yaml:7:13: sweep key 'x.y' may only contain letters, digits, '-' and '_'"),
        ]
        for (steps, expected) in cases {
            XCTAssertEqual(loadError(header + steps), expected, "for\n\(steps)")
        }
    }
}
