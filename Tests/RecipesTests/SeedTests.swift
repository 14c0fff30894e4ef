import XCTest
import LabCore
@testable import Recipes

/// The recipe seed set like a parameter: `--set seed=N`, a profile's `seed:`, `seed: ${s}`.
final class SeedTests: XCTestCase {
    private func recipe(seed: String) -> String {
        "lab: 1\nname: seeds\nseed: \(seed)\nparams: {s: 4, text: abc}\nprofiles:\n  other: {seed: 11}\n  bump: {s: 12}\n"
            + "steps:\n  a:\n    op: shell\n    with: {run: go}\n"
    }

    func testLiteralSeedAndItsOverrides() throws {
        XCTAssertEqual(try load(recipe(seed: "3")).seed, 3)
        XCTAssertEqual(try load("lab: 1\nname: x\nsteps:\n  a:\n    op: shell\n    with: {run: go}\n").seed, 0)
        let set = try load(recipe(seed: "3"), sets: ["seed=5"])
        XCTAssertEqual(set.seed, 5)
        XCTAssertEqual(set.overrides, ["seed": 5], "the run records the seed override")
        XCTAssertEqual(set.params, ["s": 4, "text": "abc"], "the seed is not a parameter value")
        XCTAssertEqual(try load(recipe(seed: "3"), profile: "other").seed, 11)
        XCTAssertEqual(try load(recipe(seed: "3"), profile: "other", sets: ["seed=0"]).seed, 0, "--set comes after the profile")
    }

    func testSeedFromAParameter() throws {
        XCTAssertEqual(try load(recipe(seed: "${s}")).seed, 4)
        XCTAssertEqual(try load(recipe(seed: "\"${ s }\"")).seed, 4)
        XCTAssertEqual(try load(recipe(seed: "${s}"), sets: ["s=9"]).seed, 9)
        XCTAssertEqual(try load(recipe(seed: "${s}"), profile: "bump").seed, 12)
        XCTAssertEqual(try load(recipe(seed: "${s}"), sets: ["s=9", "seed=2"]).seed, 2, "--set seed wins over the parameter")
    }

    func testBadSeedsAreRecipeErrorsWithAPlace() {
        let cases: [(String, [String], String?, String)] = [
            ("3", ["seed=-1"], nil, "r.yaml:3:7: --set seed=-1: the recipe seed must be a non-negative integer"),
            ("3", ["seed=abc"], nil, "r.yaml:3:7: --set seed=abc: the recipe seed must be a non-negative integer"),
            ("3", ["seed=1.5"], nil, "r.yaml:3:7: --set seed=1.5: the recipe seed must be a non-negative integer"),
            ("3", ["seed=[1"], nil, "r.yaml:3:7: --set seed=[1: the recipe seed must be a non-negative integer"),
            ("${s}", ["s=-2"], nil, "r.yaml:3:7: 'seed: ${s}': parameter 's' is -2, and the seed must be a non-negative integer"),
            ("${text}", [], nil, "r.yaml:3:7: 'seed: ${text}': parameter 'text' is \"abc\", and the seed must be a non-negative integer"),
            ("${ss}", [], nil, "r.yaml:3:7: unknown parameter 'ss' in 'seed: ${ss}' (did you mean 's'?)"),
            ("x${s}", [], nil, "r.yaml:3:7: 'seed' must be a non-negative integer or one parameter reference like ${seed_param}, not 'x${s}'"),
            ("${steps.a}", [], nil,
             "r.yaml:3:7: 'seed' must be a non-negative integer or one parameter reference like ${seed_param}, not '${steps.a}'"),
            ("2.5", [], nil, "r.yaml:3:7: 'seed' must be a non-negative integer, not '2.5'"),
        ]
        for (seed, sets, profile, expected) in cases {
            XCTAssertEqual(loadError(recipe(seed: seed), profile: profile, sets: sets), expected, "seed \(seed), --set \(sets)")
        }
        let badProfile = "lab: 1\nname: x\nprofiles:\n  p: {seed: -3}\nsteps:\n  a:\n    op: shell\n    with: {run: go}\n"
        XCTAssertEqual(loadError(badProfile, profile: "p"), "r.yaml:4:13: profile 'p': 'seed' must be a non-negative integer, not '-3'")
        let noSeed = "lab: 1\nname: x\nsteps:\n  a:\n    op: shell\n    with: {run: go}\n"
        XCTAssertEqual(loadError(noSeed, sets: ["seed=x"]), "r.yaml:1:1: --set seed=x: the recipe seed must be a non-negative integer")
    }

    func testAParameterNamedSeedIsRefused() {
        XCTAssertEqual(loadError("lab: 1\nname: x\nparams: {seed: 1}\nsteps:\n  a:\n    op: shell\n    with: {run: go}\n"),
                       "r.yaml:3:10: parameter name 'seed' is reserved for the recipe seed (--set seed=N sets it); "
                       + "name the parameter differently and write 'seed: ${name}'")
    }
}
