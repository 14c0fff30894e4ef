import Foundation
import LabCore
import XCTest
@testable import LabCLI

/// The shipped token-weighting recipe under its `smoke` profile, through `lab run`, the ledger,
/// `lab results` and `lab show`, in a temporary workspace: the paper's setting (pretrain short,
/// extend, fine-tune per scheme with replicates) and its verdict table.
final class TokenWeightingRecipeTests: XCTestCase {
    static let schemes = ["uniform", "dense(0.75)", "sparse(0.25)", "longce(5)"]
    static let replicates = 5


    func testSmokeProfileRunsEverySchemeAndReplicateAndDecidesEveryClaim() throws {
        let ws = try RunTestWorkspace()
        let text = try shippedRecipe("token-weighting.yaml")
        let recipe = try ws.write("token-weighting.yaml", text)

        let started = Date()
        let first = ws.lab("run", recipe, "--profile", "smoke")
        let seconds = Date().timeIntervalSince(started)
        print("token-weighting smoke: \(String(format: "%.1f", seconds)) s")
        XCTAssertEqual(first.code, 0, first.out + first.err)
        XCTAssertLessThan(seconds, 60, "the smoke profile is for tests")
        for scheme in Self.schemes {
            for rep in 1...Self.replicates {
                XCTAssertTrue(first.out.contains("ran    finetune[scheme=\(scheme),rep=\(rep)]"), "\(scheme) \(rep): \(first.out)")
                XCTAssertTrue(first.out.contains("ran    eval[scheme=\(scheme),rep=\(rep)]"), "\(scheme) \(rep): \(first.out)")
            }
        }
        for step in ["finetune-small", "finetune-self", "eval-small", "eval-self"] {
            XCTAssertEqual(first.out.lines(startingWith: "ran    \(step)[rep=").count, Self.replicates, "\(step): \(first.out)")
        }

        // Every variant's evaluation is in the ledger and the filter language finds it.
        let all = ws.lab("results", "--step", "eval", "--json")
        XCTAssertEqual(all.code, 0, all.err)
        XCTAssertEqual(all.out.components(separatedBy: "\"key\"").count - 1, Self.schemes.count * Self.replicates, all.out)

        // The verdict table opens the notebook, one row per claim of the recipe.
        let claims = try decidedClaims(ws, recipeText: text, expected: 7)
        // The scorer-quality estimate is the mean of the uniform replicates' AUROC in the ledger.
        let r = ws.lab("results", "--step", "quality", "--where", "scheme = 'uniform'", "--json")
        let values = try XCTUnwrap(try Value.parseJSON(r.out).arrayValue).compactMap { $0["metrics"]["scorer.abs.auroc"].doubleValue }
        XCTAssertEqual(values.count, Self.replicates)
        let mean = values.reduce(0, +) / Double(values.count)
        let estimate = try XCTUnwrap(claims[6]["estimate"].doubleValue, "\(claims[6])")
        print("uniform AUROC of |d|: ledger mean \(mean), claim \(estimate)")
        XCTAssertEqual(estimate, mean, accuracy: 1e-12)
        XCTAssertNotNil(claims[6]["low"].doubleValue, "replicates that differ give an interval")

        // A rerun re-executes nothing.
        let second = ws.lab("run", recipe, "--profile", "smoke")
        XCTAssertEqual(second.code, 0, second.err)
        XCTAssertEqual(second.out.lines(startingWith: "ran ").count, 0, second.out)

        // Changing one scheme's parameter reruns only that scheme's replicates and what follows them.
        let edited = text.replacingOccurrences(of: "dense(0.75)", with: "dense(0.6)")
        XCTAssertNotEqual(edited, text, "the recipe sweeps dense(0.75)")
        try ws.write("token-weighting.yaml", edited)
        let third = ws.lab("run", recipe, "--profile", "smoke")
        XCTAssertEqual(third.code, 0, third.err)
        let ran = third.out.lines(startingWith: "ran ").compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first }
        let expected = (1...Self.replicates).flatMap { rep in
            ["eval", "finetune", "quality"].map { "\($0)[scheme=dense(0.6),rep=\(rep)]" }
        }
        XCTAssertEqual(ran.map(String.init).sorted(), expected.sorted(), third.out)
    }
}
