import Foundation
import XCTest
@testable import LabCLI

/// Issue 4 end to end: the shipped token-weighting recipe under its `smoke` profile, through
/// `lab run`, the ledger and `lab results`, in a temporary workspace.
final class TokenWeightingRecipeTests: XCTestCase {
    static let schemes = ["uniform", "dense(0.5)", "dense(0.75)", "sparse(0.1)", "sparse(0.25)", "longce(5)"]

    func shippedRecipe() throws -> String {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("recipes/token-weighting.yaml")
        return try String(contentsOf: source, encoding: .utf8)
    }

    func testSmokeProfileRunsEverySchemeRecordsItAndReusesIt() throws {
        let ws = try RunTestWorkspace()
        let text = try shippedRecipe()
        let recipe = try ws.write("token-weighting.yaml", text)

        let started = Date()
        let first = ws.lab("run", recipe, "--profile", "smoke")
        print("token-weighting smoke: \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        XCTAssertEqual(first.code, 0, first.out + first.err)
        for scheme in Self.schemes {
            XCTAssertTrue(first.out.contains("ran    weighted[scheme=\(scheme)]"), "\(scheme): \(first.out)")
            XCTAssertTrue(first.out.contains("ran    eval[scheme=\(scheme)]"), "\(scheme): \(first.out)")
        }

        // Every variant's evaluation is in the ledger and the filter language finds it.
        let all = ws.lab("results", "--step", "eval", "--json")
        XCTAssertEqual(all.code, 0, all.err)
        XCTAssertEqual(all.out.components(separatedBy: "\"key\"").count - 1, Self.schemes.count, all.out)
        let sparse = ws.lab("results", "--step", "eval", "--where", "scheme in ('sparse(0.1)', 'sparse(0.25)') and long.acc >= 0",
                            "--json")
        XCTAssertEqual(sparse.code, 0, sparse.err)
        XCTAssertEqual(sparse.out.components(separatedBy: "\"key\"").count - 1, 2, sparse.out)

        // A rerun re-executes nothing.
        let second = ws.lab("run", recipe, "--profile", "smoke")
        XCTAssertEqual(second.code, 0, second.err)
        XCTAssertEqual(second.out.lines(startingWith: "ran ").count, 0, second.out)

        // Changing one scheme's parameter reruns only that variant and its evaluation.
        let edited = text.replacingOccurrences(of: "dense(0.5)", with: "dense(0.6)")
        XCTAssertNotEqual(edited, text, "the recipe sweeps dense(0.5)")
        try ws.write("token-weighting.yaml", edited)
        let third = ws.lab("run", recipe, "--profile", "smoke")
        XCTAssertEqual(third.code, 0, third.err)
        let ran = third.out.lines(startingWith: "ran ").compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first }
        XCTAssertEqual(ran.map(String.init).sorted(), ["eval[scheme=dense(0.6)]", "weighted[scheme=dense(0.6)]"], third.out)
    }
}
