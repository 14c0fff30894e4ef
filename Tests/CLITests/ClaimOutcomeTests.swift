import Foundation
import XCTest
import LabCore
import Statistics
@testable import LabCLI

/// Claims decided from hand-made step records: which replicates a selector picks, and the
/// reason a claim is inconclusive when its replicates are missing.
final class ClaimOutcomeTests: XCTestCase {
    func step(_ name: String, _ variant: [String: Value], status: StepStatus = .ran, scalars: [String: Double]) -> StepRecord {
        let id = name + "[" + variant.keys.sorted().map { "\($0)=\(variant[$0]!)" }.joined(separator: ",") + "]"
        return StepRecord(runID: 1, stepID: id, name: name, variant: .object(variant), op: "shell", opVersion: 1,
                          key: SHA256.hex(id), params: .object([:]), title: nil, note: nil, order: 0, status: status,
                          startedAt: Date(timeIntervalSince1970: 0), seconds: 1,
                          result: status == .ran || status == .cached ? OperationResult(scalars: scalars) : nil)
    }

    /// eval over scheme × lr (lr recorded as the double 0.5 and the integer 2) × 3 replicates:
    /// m = 10·(scheme a: 1, b: 2) + lr + rep / 100.
    lazy var steps: [StepRecord] = ["a", "b"].flatMap { scheme in
        [Value.double(0.5), .int(2)].flatMap { lr in
            (1...3).map { rep in
                let m = (scheme == "a" ? 10.0 : 20.0) + (lr.doubleValue ?? 0) + Double(rep) / 100
                return step("eval", ["scheme": .string(scheme), "lr": lr, "rep": .int(rep)], scalars: ["m": m])
            }
        }
    } + [step("eval", ["scheme": "a", "lr": .double(0.5), "rep": 4], status: .failed, scalars: [:])]

    func claim(_ variant: [ResolvedClaim.Selector.Pick], baseline: [ResolvedClaim.Selector.Pick]? = nil,
               expect: ResolvedClaim.Expectation = .greaterThan(0)) -> ResolvedClaim {
        ResolvedClaim(text: "c", metric: "m", variant: .init(step: "eval", values: variant),
                      baseline: baseline.map { .init(step: "eval", values: $0) }, expectation: expect)
    }

    func testASelectorPoolsTheFinishedReplicatesOfOneCondition() {
        // lr 2 as a double picks the integer 2 the records carry; the failed rep 4 is matched, not counted.
        let outcome = ClaimOutcome(claim([.init(key: "scheme", value: "a"), .init(key: "lr", value: .double(0.5))],
                                         baseline: [.init(key: "scheme", value: "b"), .init(key: "lr", value: .double(2))]),
                                   steps: steps)
        XCTAssertEqual(outcome.variant.matched.count, 4)
        XCTAssertEqual(outcome.variant.values, [10.51, 10.52, 10.53])
        XCTAssertEqual(outcome.baseline?.values, [22.01, 22.02, 22.03])
        XCTAssertEqual(outcome.variant.label, "scheme=a, lr=0.5")
        XCTAssertEqual(outcome.test.count, 3)
        XCTAssertEqual(outcome.test.baselineCount, 3)
        // Both sides spread by 0.01 around their means: −11.5 ± t(0.975, 4) · √(2 · 0.0001 / 3), far below 0.
        XCTAssertEqual(outcome.test.verdict, .notSupported)
        XCTAssertEqual(outcome.test.estimate ?? .nan, -11.5, accuracy: 1e-9)
        XCTAssertEqual(outcome.test.high ?? .nan, -11.5 + 2.7764451 * (0.0002 / 3).squareRoot(), accuracy: 1e-6)
        XCTAssertNil(outcome.reason)
        XCTAssertEqual(ClaimTable.rows([outcome]), [["c", "eval · m", "scheme=a, lr=0.5 (n=3) vs scheme=b, lr=2 (n=3)",
                                                     "-11.5 [-11.52, -11.48]", "Δ > 0", "not supported"]])
    }

    func testMissingReplicatesMakeAClaimInconclusiveWithTheReason() {
        let a = [ResolvedClaim.Selector.Pick(key: "scheme", value: "a"), .init(key: "lr", value: 2)]
        let cases: [(ResolvedClaim, String)] = [
            (claim([.init(key: "scheme", value: "c"), .init(key: "lr", value: 2)], baseline: a),
             "inconclusive (no variant step eval[scheme=c, lr=2] in this run)"),
            (claim(a, baseline: [.init(key: "scheme", value: "b"), .init(key: "lr", value: 9)]),
             "inconclusive (no baseline step eval[scheme=b, lr=9] in this run)"),
            (ResolvedClaim(text: "c", metric: "acc", variant: .init(step: "eval", values: a), baseline: nil,
                           expectation: .lessThan(1)),
             "inconclusive (no replicate recorded acc)"),
            (claim([.init(key: "scheme", value: "a"), .init(key: "lr", value: 0.5), .init(key: "rep", value: 4)]),
             "inconclusive (no replicate finished)"),
            (claim([.init(key: "scheme", value: "a"), .init(key: "lr", value: 0.5), .init(key: "rep", value: 1)]),
             "inconclusive (needs ≥ 2 replicates, has 1)"),
            (claim(a, expect: .greaterThan(12.02)), "inconclusive (the interval contains 12.02)"),
        ]
        for (claim, verdict) in cases {
            XCTAssertEqual(ClaimTable.verdict(ClaimOutcome(claim, steps: steps)), verdict)
        }
    }

    func testAClaimOnAnotherStepsBaselineNamesThatStep() {
        let base = (1...3).map { step("base", ["rep": .int($0)], scalars: ["m": 5 + Double($0)]) }
        let claim = ResolvedClaim(text: "c", metric: "m", variant: .init(step: "eval", values: [.init(key: "scheme", value: "a"),
                                                                                              .init(key: "lr", value: 2)]),
                                  baseline: .init(step: "base", values: []), expectation: .greaterThan(0))
        let outcome = ClaimOutcome(claim, steps: steps + base)
        XCTAssertEqual(ClaimTable.sides(outcome), "scheme=a, lr=2 (n=3) vs base (n=3)")
        XCTAssertEqual(outcome.test.verdict, .supported)
        // One sample without values anywhere: a mean of nothing.
        let alone = ClaimOutcome(ResolvedClaim(text: "c", metric: "m", variant: .init(step: "base", values: []), baseline: nil,
                                               expectation: .greaterThan(0)), steps: steps)
        XCTAssertEqual(ClaimTable.sides(alone), "all (n=0)")
        XCTAssertEqual(ClaimTable.estimate(alone.test), "–")
        XCTAssertEqual(ClaimTable.threshold(alone), "mean > 0")
    }
}
