import XCTest
import LabCore
@testable import Recipes

/// `claims:`: read, checked against the steps and their sweeps at load, resolved to the sweep
/// values the variants carry, and kept out of every step.
final class ClaimTests: XCTestCase {
    /// 15 lines; `claims:` is line 16, so a claim's first line is line 17.
    private let header = """
    lab: 1
    name: claims
    params: {k: 3}
    steps:
      eval:
        op: shell
        sweep: {scheme: [uniform, "sparse(0.25)"], lr: [1e-3, 1.0]}
        repeat: 3
        with: {run: go}
      base:
        op: shell
        repeat: 3
        with: {run: base}
      tuned: {op: shell, sweep: {k: ["${k}", 7]}, with: {run: tuned}}
      once: {op: shell, with: {run: once}}
    claims:

    """

    private func recipe(_ claims: String) -> String { header + claims }

    func testAClaimResolvesToTheSweepValuesTheVariantsCarry() throws {
        let loaded = try load(recipe("""
          - claim: Sparse beats uniform
            step: eval
            metric: long.acc
            variant: {scheme: sparse(0.25), lr: 0.001}
            baseline: {scheme: uniform, lr: "1e-3"}
            expect: higher
          - claim: Low loss at lr 1
            step: eval
            metric: loss
            variant: {scheme: uniform, lr: 1}
            expect: {less_than: 2.5}
          - claim: Beats the base model
            step: eval
            metric: long.acc
            variant: {scheme: uniform, lr: 1.0}
            baseline_step: base
            expect: {greater_than: -0.05}
        """))
        XCTAssertEqual(loaded.claims.count, 3)
        let first = loaded.claims[0]
        XCTAssertEqual(first.text, "Sparse beats uniform")
        XCTAssertEqual(first.metric, "long.acc")
        // `0.001` and the quoted "1e-3" both pick the sweep value written 1e-3.
        XCTAssertEqual(first.variant, .init(step: "eval", values: [.init(key: "scheme", value: "sparse(0.25)"),
                                                                   .init(key: "lr", value: .double(0.001))]))
        XCTAssertEqual(first.baseline, .init(step: "eval", values: [.init(key: "scheme", value: "uniform"),
                                                                    .init(key: "lr", value: .double(0.001))]))
        XCTAssertEqual(first.expectation, .greaterThan(0))
        // The integer 1 picks the sweep's 1.0, as the variants carry it.
        XCTAssertEqual(loaded.claims[1].variant.values.last, .init(key: "lr", value: .double(1.0)))
        XCTAssertEqual(loaded.claims[1].expectation, .lessThan(2.5))
        XCTAssertNil(loaded.claims[1].baseline)
        XCTAssertEqual(loaded.claims[2].baseline, .init(step: "base", values: []))
        XCTAssertEqual(loaded.claims[2].expectation, .greaterThan(-0.05))
    }

    func testSelectorsMatchEveryReplicateOfTheirConditionAndNothingElse() throws {
        let loaded = try load(recipe("""
          - {claim: c, step: eval, metric: m, variant: {scheme: sparse(0.25), lr: 1}, expect: lower}
        """))
        let selector = try XCTUnwrap(loaded.claims.first?.variant)
        let picked = loaded.steps.filter { $0.name == selector.step && selector.matches($0.variantValue) }.map(\.id)
        XCTAssertEqual(picked, ["eval[scheme=sparse(0.25),lr=1.0,rep=1]", "eval[scheme=sparse(0.25),lr=1.0,rep=2]",
                                "eval[scheme=sparse(0.25),lr=1.0,rep=3]"])
        XCTAssertEqual(loaded.claims.first?.expectation, .lessThan(0))
    }

    /// Claims are not steps: the steps, their parameters and own sweep values (what their
    /// keys are made of) are the same with and without them.
    func testClaimsLeaveTheStepsAlone() throws {
        let without = try load(header.replacingOccurrences(of: "claims:\n", with: ""))
        let with = try load(recipe("  - {claim: c, step: base, metric: m, expect: higher}\n"))
        XCTAssertEqual(with.steps.map(\.resolvedValue), without.steps.map(\.resolvedValue))
        XCTAssertEqual(with.steps.map(\.ownVariant), without.steps.map(\.ownVariant))
        XCTAssertTrue(without.claims.isEmpty)
        XCTAssertTrue(without.resolvedValue["claims"].isNull, "a recipe without claims stores none")
    }

    func testClaimsRoundTripThroughTheStoredResolvedRecipe() throws {
        let loaded = try load(recipe("""
          - {claim: a, step: eval, metric: m, variant: {scheme: uniform, lr: 1}, baseline: {scheme: sparse(0.25), lr: 1}, expect: higher}
          - {claim: b, step: once, metric: m, expect: {less_than: 3}}
        """))
        let stored = try Value.parseJSON(loaded.resolvedValue.canonicalJSON)
        XCTAssertEqual(ResolvedRecipe.claims(in: stored), loaded.claims)
        XCTAssertEqual(ResolvedRecipe.claims(in: nil), [])
    }

    /// `--repeat` makes `rep` on the source steps; a claim never names it.
    func testRepeatFlagReplicatesWhatAClaimPools() throws {
        let loaded = try load(recipe("  - {claim: c, step: once, metric: m, expect: higher}\n"), repeat: 2)
        XCTAssertEqual(loaded.claims.first?.variant, .init(step: "once", values: []))
        XCTAssertEqual(loaded.steps.filter { $0.name == "once" }.count, 2)
    }

    /// A sweep whose values come from parameters may change with a profile: a value it lacks
    /// loads (the claim will be inconclusive for want of replicates), unlike a literal sweep's.
    func testAValueMissingFromAParameterSweepLoads() throws {
        let loaded = try load(recipe("  - {claim: c, step: tuned, metric: m, variant: {k: 5}, expect: higher}\n"))
        XCTAssertEqual(loaded.claims.first?.variant.values, [.init(key: "k", value: 5)])
        let matched = try load(recipe("  - {claim: c, step: tuned, metric: m, variant: {k: 3}, expect: higher}\n"))
        XCTAssertEqual(matched.claims.first?.variant.values, [.init(key: "k", value: 3)])
    }

    /// A sweep over mappings is selected by a mapping, equal as a value.
    func testASweepOverMappingsIsSelectedByValue() throws {
        let loaded = try load("""
        lab: 1
        name: m
        steps:
          train:
            op: shell
            sweep: {model: [{dim: 64}, {dim: 128}]}
            repeat: 2
            with: {run: go}
        claims:
          - {claim: c, step: train, metric: loss, variant: {model: {dim: 128}}, baseline: {model: {dim: 64}}, expect: lower}
        """)
        let claim = try XCTUnwrap(loaded.claims.first)
        XCTAssertEqual(claim.variant.values, [.init(key: "model", value: ["dim": 128])])
        XCTAssertEqual(loaded.steps.filter { claim.variant.matches($0.variantValue) }.map(\.id),
                       ["train[model={\"dim\":128},rep=1]", "train[model={\"dim\":128},rep=2]"])
    }

    func testShapeErrorsPointAtTheirPlace() {
        let cases: [(String, String)] = [
            ("  x: 1\n", "r.yaml:17:3: 'claims' must be a list of claims (each '- claim: …'), not a mapping"),
            ("  - just text\n", "r.yaml:17:5: a claim must be a mapping with claim, step, metric and expect, not a scalar"),
            ("  - {claim: c, step: once, metrc: m, expect: higher}\n", "r.yaml:17:28: unknown claim key 'metrc' (did you mean 'metric'?)"),
            ("  - {step: once, metric: m, expect: higher}\n", "r.yaml:17:5: the claim has no 'claim'"),
            ("  - {claim: c, step: once, metric: m}\n", "r.yaml:17:5: the claim has no 'expect'"),
            ("  - {claim: '  ', step: once, metric: m, expect: higher}\n", "r.yaml:17:13: 'claim' must not be empty: it is the claim's text"),
            ("  - {claim: c, step: once, metric: m, expect: higer}\n",
             "r.yaml:17:47: 'expect' must be 'higher', 'lower', {greater_than: X} or {less_than: X}, not 'higer' (did you mean 'higher'?)"),
            ("  - {claim: c, step: once, metric: m, expect: {above: 1}}\n",
             "r.yaml:17:48: unknown expectation 'above' ('expect' must be 'higher', 'lower', {greater_than: X} or {less_than: X})"),
            ("  - {claim: c, step: once, metric: m, expect: {greater_than: abc}}\n",
             "r.yaml:17:62: 'expect.greater_than' must be a finite number, not 'abc'"),
            ("  - {claim: c, step: once, metric: m, expect: {less_than: .inf}}\n",
             "r.yaml:17:59: 'expect.less_than' must be a finite number, not '.inf'"),
            ("  - {claim: c, step: once, metric: m, expect: {greater_than: 1, less_than: 2}}\n",
             "r.yaml:17:47: 'expect' must be 'higher', 'lower', {greater_than: X} or {less_than: X} (one of them), not '{greater_than: 1, less_than: 2}'"),
        ]
        for (claims, expected) in cases {
            XCTAssertEqual(loadError(recipe(claims)), expected, claims)
        }
    }

    func testClaimsAreCheckedAgainstTheStepsAndTheirSweeps() {
        let cases: [(String, String)] = [
            ("  - {claim: c, step: evl, metric: m, expect: higher}\n", "r.yaml:17:22: unknown step 'evl' in a claim (did you mean 'eval'?)"),
            ("  - {claim: c, step: eval, metric: m, variant: {scheme: uniform, lr: 1}, baseline_step: bse, expect: higher}\n",
             "r.yaml:17:89: unknown step 'bse' in a claim (did you mean 'base'?)"),
            ("  - {claim: c, step: eval, metric: m, variant: {schem: uniform, lr: 1}, expect: higher}\n",
             "r.yaml:17:49: step 'eval' has no sweep key 'schem' (did you mean 'scheme'?)"),
            ("  - {claim: c, step: eval, metric: m, variant: {seed: 1}, expect: higher}\n",
             "r.yaml:17:49: step 'eval' has no sweep key 'seed' (its sweep keys: scheme, lr)"),
            ("  - {claim: c, step: base, metric: m, variant: {scheme: a}, expect: higher}\n",
             "r.yaml:17:49: step 'base' has no sweep key 'scheme' (it sweeps nothing but replicates)"),
            ("  - {claim: c, step: once, metric: m, variant: {scheme: a}, expect: higher}\n",
             "r.yaml:17:49: step 'once' has no sweep key 'scheme' (it is not swept)"),
            ("  - {claim: c, step: eval, metric: m, variant: {scheme: uniform, lr: 1, rep: 2}, expect: higher}\n",
             "r.yaml:17:73: 'rep' numbers the replicates, which a claim pools: leave it out of 'variant'"),
            ("  - {claim: c, step: eval, metric: m, variant: {scheme: uniform}, expect: higher}\n",
             "r.yaml:17:48: the claim's 'variant' must give a value for every sweep key of step 'eval' but 'rep': 'lr' missing (a claim pools the replicates of one condition)"),
            ("  - {claim: c, step: eval, metric: m, expect: higher}\n",
             "r.yaml:17:22: the claim's 'variant' must give a value for every sweep key of step 'eval' but 'rep': 'scheme', 'lr' missing (a claim pools the replicates of one condition)"),
            ("  - {claim: c, step: eval, metric: m, variant: {scheme: unifrom, lr: 1}, expect: higher}\n",
             "r.yaml:17:57: step 'eval' has no variant with scheme = unifrom (its values: uniform, sparse(0.25))"),
            ("  - {claim: c, step: eval, metric: m, variant: {scheme: uniform, lr: 0.01}, expect: higher}\n",
             "r.yaml:17:70: step 'eval' has no variant with lr = 0.01 (its values: 1e-3, 1.0)"),
            ("  - {claim: c, step: eval, metric: m, variant: {scheme: uniform, lr: 1}, baseline: {lr: 1.0, scheme: uniform}, expect: higher}\n",
             "r.yaml:17:84: the claim's baseline selects the same replicates as its variant: compare with another condition, or leave 'baseline' out to test the variant's own mean"),
            ("  - {claim: c, step: eval, metric: m, variant: {scheme: [uniform, sparse(0.25)], lr: 1}, expect: higher}\n",
             "r.yaml:17:57: step 'eval' has no variant with scheme = [\"uniform\",\"sparse(0.25)\"] (its values: uniform, sparse(0.25))"),
            ("  - {claim: c, step: tuned, metric: m, variant: {k: \"${steps.once}\"}, expect: higher}\n",
             "r.yaml:17:53: a claim's value may only refer to parameters, not '${steps.once}'"),
        ]
        for (claims, expected) in cases {
            XCTAssertEqual(loadError(recipe(claims)), expected, claims)
        }
    }

    func testAnEmptyClaimsListIsNoClaims() throws {
        XCTAssertTrue(try load(recipe("  []\n")).claims.isEmpty)
        XCTAssertTrue(try load(header).claims.isEmpty, "'claims:' with nothing after it")
    }
}
