import Foundation
import XCTest
import LabCore
@testable import Recipes

/// The example at the top of RECIPES.md must load as documented.
final class DocumentedRecipeTests: XCTestCase {
    func testExampleInRecipesDocResolves() throws {
        let docURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Recipes/RECIPES.md").standardizedFileURL
        let doc = try String(contentsOf: docURL, encoding: .utf8)
        let start = try XCTUnwrap(doc.range(of: "```yaml\n"))
        let end = try XCTUnwrap(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        let example = String(doc[start.upperBound..<end.lowerBound])

        let recipe = try load(example, path: "recipes/token-weighting.yaml", profile: "smoke", sets: ["lr=0.001"])
        let schemes = ["uniform", "dense(0.75)", "sparse(0.25)", "longce(5)"]
        XCTAssertEqual(recipe.steps.map(\.id), ["data", "tokens"] + schemes.map { "weighted[scheme=\($0)]" }
                       + schemes.map { "eval[scheme=\($0)]" } + ["report"])
        XCTAssertEqual(recipe.seed, 7)
        XCTAssertEqual(recipe.step("data")?.params["length"], 128)
        XCTAssertEqual(recipe.step("weighted[scheme=longce(5)]")?.title, "Weighted loss (longce(5))")
        XCTAssertEqual(recipe.step("weighted[scheme=longce(5)]")?.params["model"], ["layers": 4, "heads": 4, "dim": 32])
        XCTAssertEqual(recipe.step("weighted[scheme=uniform]")?.params["lr"], 0.001)
        XCTAssertEqual(recipe.step("eval[scheme=sparse(0.25)]")?.params["model"], StepReference.value("weighted[scheme=sparse(0.25)]"))
        XCTAssertEqual(recipe.step("report")?.params["env"]?["EVALS"],
                       .array(schemes.map { StepReference.value("eval[scheme=\($0)]") }))
    }
}

/// The example of the Claims section of RECIPES.md loads, with its three claims resolved.
final class DocumentedClaimsTests: XCTestCase {
    func testClaimsExampleResolves() throws {
        let docURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Recipes/RECIPES.md").standardizedFileURL
        let doc = try String(contentsOf: docURL, encoding: .utf8)
        let section = try XCTUnwrap(doc.range(of: "## Claims"))
        let start = try XCTUnwrap(doc.range(of: "```yaml\n", range: section.upperBound..<doc.endIndex))
        let end = try XCTUnwrap(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        let recipe = try load(String(doc[start.upperBound..<end.lowerBound]))
        XCTAssertEqual(recipe.claims.map(\.expectation), [.greaterThan(0), .greaterThan(0.05), .greaterThan(0.3)])
        XCTAssertEqual(recipe.claims[0].baseline, .init(step: "eval", values: [.init(key: "scheme", value: "uniform")]))
        XCTAssertEqual(recipe.claims[1].baseline, .init(step: "base", values: []))
        XCTAssertNil(recipe.claims[2].baseline)
    }
}
