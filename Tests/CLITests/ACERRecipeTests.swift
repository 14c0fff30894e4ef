import Foundation
import LabCore
import XCTest
@testable import LabCLI

/// The shipped ACER recipe under its `smoke` profile, through `lab run`, the ledger, `lab
/// results` and `lab show`, in a temporary workspace: every stage of the pipeline for every
/// replicate, the synthetic corpus over the full contexts, and the verdict table.
final class ACERRecipeTests: XCTestCase {
    static let replicates = 3
    static let perReplicate = ["reader", "short", "short-check", "eval-trunc", "eval-ext", "eval-rag", "synth", "acer", "gold",
                               "eval-acer", "eval-gold"]


    func testSmokeProfileRunsThePipelineForEveryReplicateAndDecidesEveryClaim() throws {
        let ws = try RunTestWorkspace()
        let text = try shippedRecipe("acer.yaml")
        let recipe = try ws.write("acer.yaml", text)

        let started = Date()
        let run = ws.lab("run", recipe, "--profile", "smoke")
        let seconds = Date().timeIntervalSince(started)
        print("acer smoke: \(String(format: "%.1f", seconds)) s")
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertLessThan(seconds, 60, "the smoke profile is for tests")
        for step in ["data", "one-doc", "two-doc", "tokens", "retrieve"] {
            XCTAssertEqual(run.out.lines(startingWith: "ran    \(step) ").count, 1, "\(step): \(run.out)")
        }
        for step in Self.perReplicate {
            XCTAssertEqual(run.out.lines(startingWith: "ran    \(step)[rep=").count, Self.replicates, "\(step): \(run.out)")
        }

        // Every reader's answers are scored, and each sample is kept with its prompt and output.
        for step in ["eval-trunc", "eval-ext", "eval-rag", "eval-acer", "eval-gold"] {
            let r = ws.lab("results", "--step", step, "--json")
            XCTAssertEqual(r.code, 0, r.err)
            let rows = try XCTUnwrap(try Value.parseJSON(r.out).arrayValue)
            XCTAssertEqual(rows.count, Self.replicates, "\(step): \(r.out)")
            for row in rows {
                let f1 = try XCTUnwrap(row["metrics"]["f1"].doubleValue, "\(step): \(row)")
                XCTAssertTrue((0...1).contains(f1))
                XCTAssertEqual(row["metrics"]["samples"].doubleValue, 12)
            }
        }
        let retrieve = try XCTUnwrap(try Value.parseJSON(ws.lab("results", "--step", "retrieve", "--json").out).arrayValue?.first)
        XCTAssertNotNil(retrieve["metrics"]["recall"].doubleValue, "\(retrieve)")

        // The synthetic corpus keeps each long context and question; its eval split is gold.
        let synth = try XCTUnwrap(try Value.parseJSON(ws.lab("results", "--step", "synth", "--json").out).arrayValue)
        XCTAssertEqual(synth.count, Self.replicates)
        XCTAssertNotNil(synth[0]["metrics"]["agreement.f1"].doubleValue)

        // The verdict table opens the notebook, one row per claim, each decided from the replicates.
        _ = try decidedClaims(ws, recipeText: text, expected: 5)
        // Then the figures: the five readers side by side (F1 and EM), retrieval, F1 by position.
        let markdown = try String(contentsOf: ws.root.appendingPathComponent("experiments/run-1/notebook.md"), encoding: .utf8)
        let titles = markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        XCTAssertEqual(Array(titles.prefix(4)), ["## Verdicts", "## Answer F1 and exact match of the five readers",
                                                 "## Retrieval — does the top-M hold the answer? (BM25 over chunks)",
                                                 "## F1 by the position of the answer document in the context"])
        for reader in ["(a) truncated", "(b) extended untuned", "(c) retrieve-then-read", "(d) ACER", "(e) gold ceiling"] {
            XCTAssertTrue(markdown.contains("| \(reader) (n=\(Self.replicates)) |"), "bar of \(reader): \(markdown)")
        }

        // A rerun re-executes nothing.
        let second = ws.lab("run", recipe, "--profile", "smoke")
        XCTAssertEqual(second.code, 0, second.err)
        XCTAssertEqual(second.out.lines(startingWith: "ran ").count, 0, second.out)
    }
}
