import Foundation
import XCTest
import LabCore
@testable import Recipes

/// Every mistake gives `file:line:col: message`. Line numbers refer to `base` below.
final class RecipeErrorTests: XCTestCase {
    static let base = """
    lab: 1
    name: errs
    params:
      steps: 100
      lr: 0.5
      scheme: uniform
    profiles:
      smoke: {steps: 10}
    steps:
      data:
        op: corpus
        with: {task: t, length: 64}
      tokens:
        op: tokenizer
        with: {text: "${steps.data}"}
      model:
        op: train
        with:
          data: ${steps.data}
          tokenizer: ${steps.tokens}
          steps: ${steps}
          weights: {scheme: "${scheme}"}

    """

    /// `base` with one piece of text replaced (which must be present).
    private func edited(_ old: String, _ new: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        XCTAssertTrue(Self.base.contains(old), "base lacks \(old)", file: file, line: line)
        return Self.base.replacingOccurrences(of: old, with: new)
    }

    func testBaseLoads() throws {
        XCTAssertEqual(try load(Self.base).steps.map(\.id), ["data", "tokens", "model"])
    }

    func testShapeErrors() {
        let cases: [(String, String)] = [
            ("lab: 1\nname: x\nstpes: {}\n", "r.yaml:3:1: unknown key 'stpes' (did you mean 'steps'?)"),
            ("lab: 1\nname: x\nzzzzzz: 1\n",
             "r.yaml:3:1: unknown key 'zzzzzz' (known: lab, name, about, seed, params, profiles, steps, claims, figures)"),
            ("name: x\nsteps: {}\n", "r.yaml:1:1: missing 'lab: 1' (the recipe format version)"),
            ("", "r.yaml:1:1: missing 'lab: 1' (the recipe format version)"),
            ("lab: 2\nname: x\n", "r.yaml:1:6: unsupported recipe format 'lab: 2' (this lab reads format 1)"),
            ("lab: '1'\nname: x\n", "r.yaml:1:6: unsupported recipe format 'lab: '1'' (this lab reads format 1)"),
            ("- lab: 1\n", "r.yaml:1:1: a recipe is a mapping with the keys lab, name and steps, not a list"),
            ("lab: 1\nsteps: {}\n", "r.yaml:1:1: missing required key 'name'"),
            ("lab: 1\nname: [x]\n", "r.yaml:2:7: 'name' must be text, not a list"),
            ("lab: 1\nname: x\n", "r.yaml:1:1: missing required key 'steps'"),
            ("lab: 1\nname: x\nsteps: {}\n", "r.yaml:3:8: 'steps' is empty: a recipe needs at least one step"),
            ("lab: 1\nname: x\nseed: -1\n", "r.yaml:3:7: 'seed' must be a non-negative integer, not '-1'"),
            ("lab: 1\nname: x\nparams: {a.b: 1}\n", "r.yaml:3:10: parameter name 'a.b' may only contain letters, digits, '-' and '_'"),
            ("lab: 1\nname: x\nsteps:\n  a b:\n    op: shell\n", "r.yaml:4:3: step name 'a b' may only contain letters, digits, '-' and '_'"),
            ("lab: 1\nname: x\nsteps:\n  a: shell\n", "r.yaml:4:6: step 'a' must be a mapping with 'op' and 'with', not a scalar"),
            ("lab: 1\nname: x\nsteps:\n  a:\n    with: {}\n", "r.yaml:4:3: step 'a' has no 'op'"),
            ("lab: 1\nname: x\nsteps:\n  a:\n    op: shell\n    wiht: {}\n",
             "r.yaml:6:5: unknown step key 'wiht' (did you mean 'with'?)"),
            ("lab: 1\nname: x\nsteps:\n  a:\n    op: shell\n    with: [run]\n",
             "r.yaml:6:11: 'with' of step 'a' must be a mapping, not a list"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(loadError(text), expected, "for \(text.debugDescription)")
        }
    }

    func testMalformedYAMLKeepsLineAndColumn() {
        let cases: [(String, String)] = [
            (edited("      data: ${steps.data}\n", "     data: ${steps.data}\n"),
             "r.yaml:20:16: mapping values are not allowed in this context"),
            (edited("{text: \"${steps.data}\"}", "{text: ${steps.data}}"),
             "r.yaml:15:19: did not find expected ',' or '}' while parsing a flow mapping "
             + "(inside {…} or […] put references in quotes: \"${name}\")"),
            (edited("name: errs", "name: errs\nname: again"), "r.yaml:3:1: duplicate key 'name' (first at 2:1)"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(loadError(text), expected)
        }
    }

    func testReferenceErrors() {
        let cases: [(String, String, String)] = [
            ("${steps.tokens}", "${steps.tokns}", "r.yaml:20:18: unknown step 'tokns' in '${steps.tokns}' (did you mean 'tokens'?)"),
            ("steps: ${steps}", "steps: ${stpes}", "r.yaml:21:14: unknown parameter 'stpes' in '${stpes}' (did you mean 'steps'?)"),
            ("steps: ${steps}", "steps: 1${steps.data}", "r.yaml:21:15: '${steps.data}' must be the whole value, not part of a text "
             + "(a step's output becomes a path only when the step runs)"),
            ("steps: ${steps}", "steps: ${steps", "r.yaml:21:14: unterminated reference '${steps' (missing '}')"),
            ("steps: ${steps}", "steps: ${}", "r.yaml:21:14: empty reference '${}'"),
            ("steps: ${steps}", "steps: ${step.data}", "r.yaml:21:14: unknown reference '${step.data}' "
             + "(write ${param}, ${sweep.KEY}, ${steps.STEP} or ${all.STEP})"),
            ("{task: t, length: 64}", "{task: t, length: \"${steps.model}\"}", "r.yaml:12:29: cycle: data → model → data"),
            ("{text: \"${steps.data}\"}", "{text: \"${steps.tokens}\"}", "r.yaml:15:18: cycle: tokens → tokens"),
        ]
        for (old, new, expected) in cases {
            XCTAssertEqual(loadError(edited(old, new)), expected, "for \(new)")
        }
    }

    func testCycleNamesEveryStep() {
        let text = """
        lab: 1
        name: loop
        steps:
          a:
            op: shell
            with: {run: x, extra: "${steps.c}"}
          b:
            op: shell
            with: {run: x, extra: "${steps.a}"}
          c:
            op: shell
            with: {run: x, extra: "${steps.b}"}
        """
        // The cycle is reported from its first step in the recipe, at its reference to the next one.
        XCTAssertEqual(loadError(text), "r.yaml:6:27: cycle: a → c → b → a")
    }

    func testOperationSchemaErrors() {
        let cases: [(String, String, String)] = [
            ("op: train", "op: trian", "r.yaml:17:9: unknown op 'trian' (did you mean 'train'?)"),
            ("steps: ${steps}", "stpes: ${steps}", "r.yaml:21:7: unknown parameter 'stpes' for op 'train' (did you mean 'steps'?)"),
            ("{text: \"${steps.data}\"}", "{vocab: 3}", "r.yaml:13:3: step 'tokens': missing required parameter 'text' of op 'tokenizer'"),
            ("length: 64", "length: abc", "r.yaml:12:29: parameter 'length' expects an int, got a string"),
            ("length: 64", "length: 6.5", "r.yaml:12:29: parameter 'length' expects an int, got a number"),
            ("{text: \"${steps.data}\"}", "{text: \"${steps.data}\", vocab: \"${steps.data}\"}",
             "r.yaml:15:42: parameter 'vocab' expects an int, got a step reference"),
            ("{text: \"${steps.data}\"}", "{text: data}", "r.yaml:15:18: parameter 'text' expects a step, got a string"),
            ("weights: {scheme: \"${scheme}\"}", "weights: [1]", "r.yaml:22:16: parameter 'weights' expects a mapping, got a list"),
        ]
        for (old, new, expected) in cases {
            XCTAssertEqual(loadError(edited(old, new)), expected, "for \(new)")
        }
    }

    func testOperationValidateFailureIsMappedToTheParameterLine() {
        XCTAssertEqual(loadError(Self.base, sets: ["scheme=bogus"]),
                       "r.yaml:22:25: parameter 'weights.scheme': unknown scheme 'bogus'")
        XCTAssertEqual(loadError(Self.base, sets: ["steps=0"]), "r.yaml:21:14: parameter 'steps': must be positive")
        // In a swept step, the message names the variant.
        let swept = edited("    op: train\n", "    op: train\n    sweep: {s: [uniform, bad]}\n")
            .replacingOccurrences(of: "\"${scheme}\"", with: "\"${sweep.s}\"")
        XCTAssertEqual(loadError(swept), "r.yaml:23:25: parameter 'weights.scheme': unknown scheme 'bad' (in model[s=bad])")
    }

    func testSetErrors() {
        let cases: [([String], String)] = [
            (["steps=abc"], "r.yaml:4:3: --set steps=abc: parameter 'steps' is an integer (declared at r.yaml:4:3)"),
            (["steps=1.5"], "r.yaml:4:3: --set steps=1.5: parameter 'steps' is an integer (declared at r.yaml:4:3)"),
            (["lr=fast"], "r.yaml:5:3: --set lr=fast: parameter 'lr' is a number (declared at r.yaml:5:3)"),
            (["scheme=[a]"], "r.yaml:6:3: --set scheme=[a]: parameter 'scheme' is a string (declared at r.yaml:6:3)"),
            (["stpes=3"], "r.yaml:3:1: --set stpes=3: unknown parameter 'stpes' (did you mean 'steps'?)"),
            (["steps"], "r.yaml:3:1: --set steps: expected key=value"),
            (["steps=[1"], "r.yaml:4:3: --set steps=[1: cannot read the value: did not find expected ',' or ']' while parsing a flow sequence"),
        ]
        for (sets, expected) in cases {
            XCTAssertEqual(loadError(Self.base, sets: sets), expected, "for \(sets)")
        }
    }

    func testProfileErrors() {
        XCTAssertEqual(loadError(Self.base, profile: "smok"), "r.yaml:7:1: unknown profile 'smok' (did you mean 'smoke'?)")
        XCTAssertEqual(loadError(Self.base, profile: "production"), "r.yaml:7:1: unknown profile 'production' (profiles: smoke)")
        XCTAssertEqual(loadError("lab: 1\nname: x\nsteps:\n  a: {op: shell, with: {run: x}}\n", profile: "smoke"),
                       "r.yaml:1:1: unknown profile 'smoke' (this recipe has no profiles)")
        XCTAssertEqual(loadError(edited("{steps: 10}", "{stesp: 10}"), profile: "smoke"),
                       "r.yaml:8:11: profile 'smoke' sets 'stesp', which is not a declared parameter (did you mean 'steps'?)")
        XCTAssertEqual(loadError(edited("{steps: 10}", "{steps: ten}"), profile: "smoke"),
                       "r.yaml:8:18: profile 'smoke': parameter 'steps' is an integer, not a string (declared at r.yaml:4:3)")
        // --set applies after the profile.
        XCTAssertEqual(try load(Self.base, profile: "smoke", sets: ["steps=30"]).params["steps"], 30)
        XCTAssertEqual(try load(Self.base, profile: "smoke").params["steps"], 10)
    }

    func testFileErrors() throws {
        let dir = try TemporaryDirectory()
        try dir.write("sub/here.txt", "x")
        let text = "lab: 1\nname: f\nsteps:\n  s:\n    op: shell\n    with: {run: x, inputs: [here.txt, gone.txt]}\n"
        let path = try dir.write("sub/r.yaml", text)
        let absolute = dir.url.appendingPathComponent("sub/gone.txt").standardizedFileURL.path
        XCTAssertEqual(loadError(text, path: path),
                       "\(path):6:39: parameter 'inputs[1]': file 'gone.txt' not found (looked for \(absolute))")
        XCTAssertEqual(loadError(text.replacingOccurrences(of: "gone.txt", with: "."), path: path),
                       "\(path):6:39: parameter 'inputs[1]': '.' is a directory, not a file")
        do {
            _ = try RecipeLoader(operations: FakeOperations.all).load(path: dir.url.appendingPathComponent("nope.yaml").path,
                                                                      profile: nil, sets: [])
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.line, 0)
            XCTAssertEqual(error.message, "recipe not found")
        }
    }
}
