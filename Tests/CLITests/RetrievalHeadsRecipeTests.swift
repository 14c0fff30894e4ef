import Foundation
import LabCore
import XCTest
@testable import LabCLI

/// The shipped retrieval-heads recipe under its `smoke` profile, through `lab run`, the ledger
/// and `lab show`, in a temporary workspace: every step of the design, every claim decided,
/// heatmaps of the NIAH grids and of the head scores in the notebook.
final class RetrievalHeadsRecipeTests: XCTestCase {
    func testSmokeProfileRunsTheDesignDecidesEveryClaimAndDrawsHeatmaps() throws {
        let text = try shippedRecipe("retrieval-heads.yaml")
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("retrieval-heads.yaml", text)

        let started = Date()
        let run = ws.lab("run", recipe, "--profile", "smoke")
        let seconds = Date().timeIntervalSince(started)
        print("retrieval-heads smoke: \(String(format: "%.1f", seconds)) s")
        XCTAssertEqual(run.code, 0, run.out + run.err)
        XCTAssertLessThan(seconds, 60)
        for rep in 1...3 {
            for step in ["niah-short", "niah-long", "heads-short", "heads-long", "overlap"] {
                XCTAssertTrue(run.out.contains("ran    \(step)[rep=\(rep)]"), "\(step) \(rep): \(run.out)")
            }
            for k in [1, 2, 4, 8] {
                XCTAssertTrue(run.out.contains("ran    mask-top[rep=\(rep),k=\(k)]"), run.out)
                XCTAssertTrue(run.out.contains("ran    mask-random[rep=\(rep),k=\(k)]"), run.out)
            }
        }

        // Every claim of the recipe is in `lab show --json` with a verdict from the replicates.
        let claims = try XCTUnwrap(try Value.parseJSON(ws.lab("show", "1", "--json").out)["claims"].arrayValue)
        XCTAssertEqual(claims.count, text.components(separatedBy: "  - claim: ").count - 1)
        XCTAssertEqual(claims.count, 5)
        for claim in claims {
            XCTAssertTrue(["supported", "not supported", "inconclusive"].contains(claim["verdict"].stringValue ?? ""), "\(claim)")
            XCTAssertNotNil(claim["estimate"].doubleValue, "every claim found its replicates: \(claim)")
        }

        // The notebook opens with the verdicts and draws the grids and head scores as heatmaps.
        let html = try String(contentsOf: ws.root.appendingPathComponent("experiments/run-1/notebook.html"), encoding: .utf8)
        let verdicts = try XCTUnwrap(html.range(of: "<section class=\"section verdicts\" id=\"verdicts\">"))
        let firstHeatmap = try XCTUnwrap(html.range(of: "niah: mean ROUGE-1 recall × 100 per cell"))
        XCTAssertLessThan(verdicts.lowerBound, firstHeatmap.lowerBound)
        XCTAssertTrue(html.contains("retrieval_score: mean retrieval score per head"), "head-score heatmap")
        // Then the recipe's figures, before the run's context: the grids and head scores averaged
        // over the replicates, the top heads, and the ablation curve (K = 0 unmasked, 1, 2, 4, 8).
        let markdown = try String(contentsOf: ws.root.appendingPathComponent("experiments/run-1/notebook.md"), encoding: .utf8)
        let titles = markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        XCTAssertEqual(Array(titles.prefix(6)), [
            "## Verdicts",
            "## Needle in a haystack after extension (rows needle depth, columns context length)",
            "## Needle in a haystack before extension (the pretrained model at its own context)",
            "## Retrieval score per head after extension, and the top heads",
            "## Retrieval score per head before extension",
            "## NIAH as more heads are masked — the top-K retrieval heads against K random heads (K = 0 is the unmasked model)",
        ])
        XCTAssertTrue(markdown.contains("**niah: mean of 3 replicates**"), markdown)
        XCTAssertTrue(markdown.contains("**retrieval_score: the 8 highest cells**"), markdown)
        let ablation = try XCTUnwrap(markdown.range(of: "| k | top-K retrieval heads masked | K random heads masked (outside the top K) |"))
        let rows = markdown[ablation.upperBound...].split(separator: "\n").dropFirst().prefix(5).map { $0.split(separator: "|").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "" }
        XCTAssertEqual(rows, ["0", "1", "2", "4", "8"], "one row per K, the unmasked model at 0")
        // The ledger holds the matrices: one NIAH grid per niah step, one score matrix per detection.
        let grids = ws.lab("query", "SELECT count(*) AS n FROM matrix_summaries WHERE matrix = 'niah'", "--json")
        XCTAssertEqual(grids.code, 0, grids.err)
        let count = try Value.parseJSON(grids.out).arrayValue?.first?["n"].intValue
        XCTAssertEqual(count, 30, "3 × (niah-short, niah-long, 4 mask-top, 4 mask-random): \(grids.out)")
    }
}
