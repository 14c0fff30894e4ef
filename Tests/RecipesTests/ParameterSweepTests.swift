import XCTest
import LabCore
@testable import Recipes

/// `--sweep NAME=V1,V2`: every step that uses `${NAME}` becomes swept over an axis NAME, as if
/// the recipe wrote the sweep; and a parameter holding a list may give a written sweep's values.
final class ParameterSweepTests: XCTestCase {
    private let chain = """
    lab: 1
    name: chain
    params: {lr: 0.0003, steps: 100, tag: base, dims: [64]}
    steps:
      data:
        op: corpus
        with: {task: kv-recall, length: 64}
      train:
        op: train
        with: {data: "${steps.data}", tokenizer: "${steps.data}", lr: "${lr}", steps: "${steps}"}
      eval:
        op: evaluate
        with: {model: "${steps.train}", data: "${steps.data}"}
      compare:
        op: compare
        with: {models: "${all.train}"}

    """

    func testStepsThatUseTheParameterAreSweptAndTheOthersNot() throws {
        let recipe = try load(chain, sweeps: ["lr=1e-3,3e-3,1e-2"])
        XCTAssertEqual(recipe.steps.map(\.id), [
            "data", "train[lr=1e-3]", "train[lr=3e-3]", "train[lr=1e-2]",
            "eval[lr=1e-3]", "eval[lr=3e-3]", "eval[lr=1e-2]", "compare",
        ])
        XCTAssertEqual(recipe.step("train[lr=3e-3]")?.params["lr"], .double(0.003))
        XCTAssertEqual(recipe.step("train[lr=3e-3]")?.ownSweepKeys, ["lr"])
        XCTAssertEqual(recipe.step("eval[lr=3e-3]")?.ownSweepKeys, [], "eval follows train's axis")
        XCTAssertEqual(recipe.step("eval[lr=3e-3]")?.params["model"], StepReference.value("train[lr=3e-3]"))
        XCTAssertEqual(recipe.step("compare")?.params["models"],
                       .array(["train[lr=1e-3]", "train[lr=3e-3]", "train[lr=1e-2]"].map(StepReference.value)))
        // The run records the swept values as the parameter's value and among its overrides.
        XCTAssertEqual(recipe.overrides["lr"], .array([0.001, 0.003, 0.01]))
        XCTAssertEqual(recipe.params["lr"], .array([0.001, 0.003, 0.01]))
    }

    /// What makes the cache key (op, parameters, own sweep values, files) is that of the recipe
    /// with the sweep written on `train` and `${sweep.lr}` for `${lr}`.
    func testVariantsAreThoseOfTheWrittenSweep() throws {
        let swept = try load(chain, sweeps: ["lr=1e-3,3e-3"])
        let written = try load(chain.replacingOccurrences(of: "    op: train\n", with: "    op: train\n    sweep: {lr: [1e-3, 3e-3]}\n")
                                    .replacingOccurrences(of: "lr: \"${lr}\"", with: "lr: \"${sweep.lr}\""))
        XCTAssertEqual(swept.steps.map(\.id), written.steps.map(\.id))
        for (a, b) in zip(swept.steps, written.steps) {
            XCTAssertEqual(a.params, b.params, a.id)
            XCTAssertEqual(a.ownVariant, b.ownVariant, a.id)
            XCTAssertEqual(a.variantValue, b.variantValue, a.id)
            XCTAssertEqual(a.files, b.files, a.id)
        }
    }

    func testValuesAreTypedAsTheParameterIsDeclared() throws {
        let recipe = try load(chain, sweeps: ["steps=10,20", "lr=1,0.5"])
        XCTAssertEqual(recipe.steps.filter { $0.name == "train" }.map(\.id),
                       ["train[steps=10,lr=1]", "train[steps=10,lr=0.5]", "train[steps=20,lr=1]", "train[steps=20,lr=0.5]"])
        let first = try XCTUnwrap(recipe.step("train[steps=10,lr=1]"))
        XCTAssertEqual(first.params["steps"], .int(10))
        XCTAssertEqual(first.variant.map(\.value), [.int(10), .double(1)], "an integer widens to a number parameter")
        // A text parameter takes each value as typed; a list parameter takes lists.
        let tagged = chain.replacingOccurrences(of: "steps: \"${steps}\"}", with: "steps: \"${steps}\", tag: \"${tag}\", model: {dims: \"${dims}\"}}")
        let texts = try load(tagged, sweeps: ["tag=1,'a,b'", "dims=[64,128],[32]"])
        XCTAssertEqual(texts.step("train[tag=1,dims=[64,128]]")?.params["tag"], "1")
        XCTAssertEqual(texts.step("train[tag=a,b,dims=[32]]")?.params["model"], ["dims": [32]])
    }

    func testAStepThatFollowsTheAxisAndUsesTheParameterReadsItsVariantsValue() throws {
        let text = chain.replacingOccurrences(of: "with: {model: \"${steps.train}\", data: \"${steps.data}\"}",
                                              with: "with: {model: \"${steps.train}\", data: \"${steps.data}\"}\n  probe:\n    op: shell\n    with: {run: \"p ${lr}\", extra: [\"${steps.train}\", \"${lr}\"]}")
        let recipe = try load(text, sweeps: ["lr=1e-3,3e-3"])
        XCTAssertEqual(recipe.steps.filter { $0.name == "probe" }.map(\.id), ["probe[lr=1e-3]", "probe[lr=3e-3]"])
        XCTAssertEqual(recipe.step("probe[lr=3e-3]")?.params["extra"], [StepReference.value("train[lr=3e-3]"), 0.003])
        XCTAssertEqual(recipe.step("probe[lr=3e-3]")?.params["run"], "p 0.003")
        XCTAssertEqual(recipe.step("probe[lr=3e-3]")?.ownSweepKeys, [], "inherited, not swept twice")
    }

    func testAClaimLeavingTheAxisOpenIsDecidedForEachValue() throws {
        let text = chain.replacingOccurrences(of: "    op: train\n", with: "    op: train\n    sweep: {scheme: [a, b]}\n") + """
        claims:
          - claim: b beats a
            step: eval
            metric: acc
            variant: {scheme: b}
            baseline: {scheme: a}
            expect: higher

        """
        let recipe = try load(text, sweeps: ["lr=1e-3,3e-3"])
        XCTAssertEqual(recipe.claims.map(\.text), ["b beats a (lr=1e-3)", "b beats a (lr=3e-3)"])
        XCTAssertEqual(recipe.claims[1].variant.values, [.init(key: "scheme", value: "b"), .init(key: "lr", value: 0.003)])
        XCTAssertEqual(recipe.claims[1].baseline?.values, [.init(key: "scheme", value: "a"), .init(key: "lr", value: 0.003)])
        XCTAssertEqual(try load(text).claims.map(\.text), ["b beats a"])
    }

    func testMistakesNameTheFlag() {
        let cases: [([String], [String], String)] = [
            (["lr=1e-3,abc"], [], "r.yaml:3:10: --sweep lr=1e-3,abc: 'abc' is a string, and parameter 'lr' is a number (declared at r.yaml:3:10)"),
            (["lr=[1,2]"], [], "r.yaml:3:10: --sweep lr=[1,2]: '[1,2]' is a list, and parameter 'lr' is a number (declared at r.yaml:3:10); write the values without brackets: --sweep lr=1,2,3"),
            (["lr=1e-3,0.001"], [], "r.yaml:3:10: --sweep lr=1e-3,0.001: lists 1e-3 and 0.001, which are the same value for parameter 'lr'"),
            (["lr=1,2,1"], [], "r.yaml:3:10: --sweep lr=1,2,1: lists '1' twice"),
            (["lr="], [], "r.yaml:3:10: --sweep lr=: no values (write --sweep lr=VALUE,VALUE,…)"),
            (["lr=1,[2"], [], "r.yaml:3:10: --sweep lr=1,[2: cannot read the values as a comma-separated list: did not find expected ',' or ']' while parsing a flow sequence"),
            (["lx=1"], [], "r.yaml:3:1: --sweep lx=1: unknown parameter 'lx' (did you mean 'lr'?)"),
            (["lr"], [], "r.yaml:3:1: --sweep lr: expected NAME=VALUE,VALUE,… (e.g. --sweep lr=1e-3,3e-3)"),
            (["seed=1,2"], [], "r.yaml:3:1: --sweep seed=1,2: the recipe seed cannot be swept (it enters every key); --repeat N makes N replicates, each with its own seed"),
            (["lr=1", "lr=2"], [], "r.yaml:3:10: --sweep lr=2: parameter 'lr' is swept twice; give all its values in one --sweep"),
            (["lr=1,2"], ["lr=3"], "r.yaml:3:10: --sweep lr=1,2: parameter 'lr' is also given by --set; drop one of them"),
            (["tag=a,b"], [], "r.yaml:3:34: --sweep tag=a,b: no step uses parameter 'tag' in its 'with', so there is nothing to sweep"),
        ]
        for (sweeps, sets, expected) in cases {
            XCTAssertEqual(loadError(chain, sets: sets, sweeps: sweeps), expected, "\(sweeps)")
        }
    }

    func testParametersTheRecipeNeedsFixedAreRefused() {
        let seeded = "lab: 1\nname: s\nseed: ${s}\nparams: {s: 1, rep: 1, k: [1, 2]}\nsteps:\n"
            + "  a:\n    op: shell\n    sweep: {x: \"${k}\"}\n    with: {run: \"${s} ${rep} ${k}\"}\n"
            + "  b:\n    op: shell\n    sweep: {s: [1]}\n    with: {run: b}\n"
        XCTAssertEqual(loadError(seeded, sweeps: ["s=1,2"]),
                       "r.yaml:4:10: --sweep s=1,2: parameter 's' is the recipe seed (seed: ${s}), which enters every key; --repeat N makes N replicates, each with its own seed")
        XCTAssertEqual(loadError(seeded, sweeps: ["rep=1,2"]),
                       "r.yaml:4:16: --sweep rep=1,2: 'rep' is the sweep key of replicates; a --sweep axis is named after its parameter, so this one cannot be swept")
        XCTAssertEqual(loadError(seeded, sweeps: ["k=[1],[2]"]),
                       "r.yaml:4:24: --sweep k=[1],[2]: parameter 'k' gives the values of sweep 'x' of step 'a' (r.yaml:8:13); set them with --set 'k=[…]' instead")
        let clash = "lab: 1\nname: s\nparams: {x: 1}\nsteps:\n  a:\n    op: shell\n    sweep: {x: [1]}\n    with: {run: \"${x}\"}\n"
        XCTAssertEqual(loadError(clash, sweeps: ["x=1,2"]),
                       "r.yaml:3:10: --sweep x=1,2: step 'a' already sweeps a key 'x' (r.yaml:7:13), and a --sweep axis is named after its parameter")
    }

    func testTheSameCommandResolvesTheSameWay() throws {
        let a = try load(chain, sweeps: ["lr=1e-3,3e-3"]), b = try load(chain, sweeps: ["lr=1e-3,3e-3"])
        XCTAssertEqual(a.resolvedValue, b.resolvedValue)
    }

    // MARK: a parameter's list as a sweep's values

    private let listSweep = """
    lab: 1
    name: factors
    params: {factors: [1, 2], n: 3}
    steps:
      scaled:
        op: shell
        sweep: {f: "${factors}"}
        with: {run: "echo ${sweep.f}"}

    """

    func testAListParameterGivesASweepItsValues() throws {
        XCTAssertEqual(try load(listSweep).steps.map(\.id), ["scaled[f=1]", "scaled[f=2]"])
        let set = try load(listSweep, sets: ["factors=[3,4,5]"])
        XCTAssertEqual(set.steps.map(\.id), ["scaled[f=3]", "scaled[f=4]", "scaled[f=5]"])
        let written = try load(listSweep.replacingOccurrences(of: "\"${factors}\"", with: "[3, 4, 5]"))
        for (a, b) in zip(set.steps, written.steps) {
            XCTAssertEqual(a.id, b.id)
            XCTAssertEqual(a.params, b.params, a.id)
            XCTAssertEqual(a.ownVariant, b.ownVariant, a.id)
        }
        XCTAssertEqual(set.step("scaled[f=4]")?.variant.map(\.value), [.int(4)])
    }

    func testAListParameterThatIsNoListIsAClearError() {
        XCTAssertEqual(loadError(listSweep.replacingOccurrences(of: "{f: \"${factors}\"}", with: "{f: \"${n}\"}")),
                       "r.yaml:7:16: sweep 'f' takes its values from parameter 'n', which is an integer (3), not a list: give it one, e.g. --set 'n=[1,2,3]'")
        XCTAssertEqual(loadError(listSweep, sets: ["factors=[]"]),
                       "r.yaml:7:16: sweep 'f' has no values: parameter 'factors' is an empty list")
        XCTAssertEqual(loadError(listSweep, sets: ["factors=[3,3]"]), "r.yaml:7:16: sweep 'f' lists '3' twice")
        XCTAssertEqual(loadError(listSweep.replacingOccurrences(of: "{f: \"${factors}\"}", with: "{f: \"${steps.x}\"}")),
                       "r.yaml:7:16: sweep 'f' must be a list of values, or one parameter holding a list (f: \"${name}\"), not a scalar")
    }

    /// A figure whose steps `--sweep` sweeps and whose entries leave the axis open is drawn once
    /// per value; a curve along that very axis is drawn once, over it.
    func testAFigureLeavingTheAxisOpenIsDrawnForEachValue() throws {
        let text = chain.replacingOccurrences(of: "    op: train\n", with: "    op: train\n    sweep: {scheme: [a, b]}\n") + """
        figures:
          - figure: Accuracy
            bars: acc
            of: [{label: a, step: eval, variant: {scheme: a}}, {label: b, step: eval, variant: {scheme: b}}]
          - figure: Accuracy by lr
            curve: acc
            x: lr
            of: [{label: a, step: eval, variant: {scheme: a}}]

        """
        let recipe = try load(text, sweeps: ["lr=1e-3,3e-3"])
        XCTAssertEqual(recipe.figures.map(\.title), ["Accuracy (lr=1e-3)", "Accuracy (lr=3e-3)", "Accuracy by lr"])
        guard case .bars(_, let entries) = recipe.figures[1].kind else { return XCTFail("bars") }
        XCTAssertEqual(entries[1].selection.values, [.init(key: "scheme", value: "b"), .init(key: "lr", value: 0.003)])
        let overScheme = text.replacingOccurrences(of: "x: lr\n    of: [{label: a, step: eval, variant: {scheme: a}}]",
                                                   with: "x: scheme\n    of: [eval]")
        XCTAssertEqual(try load(overScheme, sweeps: ["lr=1e-3,3e-3"]).figures.map(\.title).suffix(2),
                       ["Accuracy by lr (lr=1e-3)", "Accuracy by lr (lr=3e-3)"], "a curve over another axis leaves lr open")
    }
}
