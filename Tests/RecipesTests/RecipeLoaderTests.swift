import Foundation
import XCTest
import LabCore
@testable import Recipes

final class RecipeLoaderTests: XCTestCase {
    static let fullRecipe = """
    lab: 1
    name: demo
    about: A *test* recipe.
    seed: 7
    params:
      dim: 128
      steps: 2000
      lr: 0.01
      long: 512
    profiles:
      smoke: {dim: 32, steps: 20}
    steps:
      data:
        op: corpus
        with: {task: kv-recall, length: "${long}"}
      tokens:
        op: tokenizer
        with:
          text: ${steps.data}
      weighted:
        title: Weighted (${sweep.scheme})
        note: Weights from *scores*.
        op: train
        sweep:
          scheme: [uniform, dense(0.75)]
        with:
          data: ${steps.data}
          tokenizer: ${steps.tokens}
          model: {layers: 2, dim: "${dim}"}
          steps: ${steps}
          lr: ${lr}
          tag: run-${dim}-${sweep.scheme}
          weights: {scheme: "${sweep.scheme}"}
      eval:
        op: evaluate
        with: {model: "${steps.weighted}", data: "${steps.data}"}
      summary:
        op: summarize
        with: {models: "${all.weighted}"}
      script:
        op: shell
        with:
          run: echo $${HOME} ${dim}
          script: tools/prep.sh
          inputs: [input.txt, tools/../input.txt, tools/prep.sh]

    """

    func testFullRecipeResolves() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("recipes/demo.yaml", Self.fullRecipe)
        try dir.write("recipes/input.txt", "hello")
        try dir.write("recipes/tools/prep.sh", "true")
        let recipe = try RecipeLoader(operations: FakeOperations.all)
            .load(path: path, profile: "smoke", sets: ["steps=200", "lr=1"])

        XCTAssertEqual(recipe.name, "demo")
        XCTAssertEqual(recipe.about, "A *test* recipe.")
        XCTAssertEqual(recipe.seed, 7)
        XCTAssertEqual(recipe.profile, "smoke")
        XCTAssertEqual(recipe.text, Self.fullRecipe)
        XCTAssertEqual(recipe.params, ["dim": 32, "steps": 200, "lr": .double(1), "long": 512])
        XCTAssertEqual(recipe.overrides, ["dim": 32, "steps": 200, "lr": .double(1)])
        XCTAssertEqual(recipe.steps.map(\.id), [
            "data", "tokens", "weighted[scheme=uniform]", "weighted[scheme=dense(0.75)]",
            "eval[scheme=uniform]", "eval[scheme=dense(0.75)]", "summary", "script",
        ])
        XCTAssertEqual(recipe.steps.map(\.order), [0, 1, 2, 2, 3, 3, 4, 5])

        let data = try XCTUnwrap(recipe.step("data"))
        XCTAssertEqual(data.params, ["task": "kv-recall", "length": 512, "sequences": 1000])  // default filled
        XCTAssertEqual(try XCTUnwrap(recipe.step("tokens")).params, ["text": StepReference.value("data"), "vocab": 256])

        let weighted = try XCTUnwrap(recipe.step("weighted[scheme=dense(0.75)]"))
        XCTAssertEqual(weighted.name, "weighted")
        XCTAssertEqual(weighted.variant.map(\.key), ["scheme"])
        XCTAssertEqual(weighted.variant.map(\.value), ["dense(0.75)"])
        XCTAssertEqual(weighted.title, "Weighted (dense(0.75))")
        XCTAssertEqual(weighted.note, "Weights from *scores*.")
        XCTAssertEqual(weighted.params, [
            "data": StepReference.value("data"), "tokenizer": StepReference.value("tokens"),
            "model": ["layers": 2, "dim": 32], "steps": 200, "lr": .double(1),
            "tag": "run-32-dense(0.75)", "weights": ["scheme": "dense(0.75)"],
        ])
        XCTAssertEqual(weighted.dependencies, ["data", "tokens"])

        let eval = try XCTUnwrap(recipe.step("eval[scheme=uniform]"))
        XCTAssertEqual(eval.params, ["model": StepReference.value("weighted[scheme=uniform]"), "data": StepReference.value("data")])
        XCTAssertEqual(eval.variant.map(\.value), ["uniform"])
        XCTAssertEqual(recipe.step("eval[scheme=dense(0.75)]")?.params["model"],
                       StepReference.value("weighted[scheme=dense(0.75)]"))

        let summary = try XCTUnwrap(recipe.step("summary"))
        XCTAssertTrue(summary.variant.isEmpty)
        XCTAssertEqual(summary.params["models"], .array([
            StepReference.value("weighted[scheme=uniform]"), StepReference.value("weighted[scheme=dense(0.75)]"),
        ]))

        let script = try XCTUnwrap(recipe.step("script"))
        let recipeDir = dir.url.appendingPathComponent("recipes").standardizedFileURL.path
        XCTAssertEqual(script.params["run"], "echo ${HOME} 32")
        XCTAssertEqual(script.params["script"], .string(recipeDir + "/tools/prep.sh"))
        XCTAssertEqual(script.params["inputs"], .array([.string(recipeDir + "/input.txt"), .string(recipeDir + "/input.txt"),
                                                       .string(recipeDir + "/tools/prep.sh")]))
        XCTAssertEqual(script.files, [recipeDir + "/tools/prep.sh", recipeDir + "/input.txt"])
        XCTAssertEqual(script.params["extra"], .null)
    }

    func testWithoutProfileOrSetsDefaultsHold() throws {
        let dir = try TemporaryDirectory()
        try dir.write("input.txt", "x")
        try dir.write("tools/prep.sh", "x")
        let recipe = try load(Self.fullRecipe, path: dir.url.appendingPathComponent("demo.yaml").path)
        XCTAssertEqual(recipe.params, ["dim": 128, "steps": 2000, "lr": 0.01, "long": 512])
        XCTAssertEqual(recipe.overrides, [:])
        XCTAssertNil(recipe.profile)
        XCTAssertEqual(recipe.step("weighted[scheme=uniform]")?.params["steps"], 2000)
        XCTAssertEqual(recipe.step("weighted[scheme=uniform]")?.params["tag"], "run-128-uniform")
    }

    func testSetValuesAreTyped() throws {
        let text = """
        lab: 1
        name: typed
        params: {n: 1, x: 0.5, s: a, b: false, l: [1], any: null}
        steps:
          s:
            op: shell
            with: {run: go, extra: ["${n}", "${x}", "${s}", "${b}", "${l}", "${any}"]}
        """
        let cases: [([String], Value)] = [
            ([], [1, 0.5, "a", false, [1], nil]),
            (["n=200", "x=1e-3", "s=sparse", "b=true", "l=[1,2]", "any=[x]"], [200, 0.001, "sparse", true, [1, 2], ["x"]]),
            (["x=3", "s=123", "s=", "any=7"], [1, .double(3), "", false, [1], 7]),
            (["s=dense(0.75)", "n=-4"], [-4, 0.5, "dense(0.75)", false, [1], nil]),
        ]
        for (sets, expected) in cases {
            XCTAssertEqual(try load(text, sets: sets).steps[0].params["extra"], expected, "for \(sets)")
        }
    }

    func testInterpolationKeepsTypesOnlyForWholeReferences() throws {
        let text = """
        lab: 1
        name: interp
        params: {n: 3, x: 0.25, s: hi, l: [1, 2]}
        steps:
          s:
            op: shell
            with:
              run: "n=${n} x=${ x } s=${s} l=${l} $$ $x $${n}"
              extra:
                n: "${n}"
                quoted: '${x}'
                l: "${l}"
                plain: ${s}
        """
        let step = try load(text).steps[0]
        XCTAssertEqual(step.params["run"], "n=3 x=0.25 s=hi l=[1,2] $$ $x ${n}")
        XCTAssertEqual(step.params["extra"], ["n": 3, "quoted": 0.25, "l": [1, 2], "plain": "hi"])
    }
}

final class YAMLValueTests: XCTestCase {
    func testWholeTextAsValue() throws {
        XCTAssertEqual(try YAMLValue.parse("a: [1, '2', 3.5, true, ~]\nb: {c: x}\n", file: "v.yaml"),
                       ["a": [1, "2", 3.5, true, nil], "b": ["c": "x"]])
        XCTAssertThrowsError(try YAMLValue.parse("a: [1\n", file: "v.yaml")) { error in
            XCTAssertEqual((error as? RecipeError)?.line, 2)
        }
    }
}
