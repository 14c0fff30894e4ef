import Foundation
import XCTest
import LabCore
@testable import LabCLI

/// The built `lab` binary runs a shell recipe with three conditions × `repeat: 3` and four
/// claims; the notebook opens with their verdicts, computed from the replicates:
///
///     scheme         m over rep 1, 2, 3     mean   variance
///     uniform        0.50, 0.52, 0.54       0.52   0.0004
///     sparse(0.25)   0.80, 0.82, 0.87       0.83   0.0013
///     noisy          0.30, 0.90, 0.60       0.60   0.09
///
/// By hand (t quantiles from scipy 1.17.1 `stats.t.ppf(0.975, df)`):
///   sparse − uniform: 0.31; shares 0.0013/3 = 0.00043333, 0.0004/3 = 0.00013333, sum 0.00056667,
///     SE 0.0238048; df = 0.00056667² / (0.00043333²/2 + 0.00013333²/2) = 3.2110e-7 / 1.0278e-7
///     = 3.1243; t = 3.1119908; 0.31 ± 0.0740802 = [0.2359198, 0.3840802] → above 0: supported.
///   uniform − sparse: the mirror image, [−0.3841, −0.2359] → below 0: not supported.
///   noisy − uniform: 0.08; shares 0.03, 0.00013333, SE 0.173590; df = 2.0178, t = 4.2665;
///     0.08 ± 0.7406 = [−0.6606, 0.8206] → contains 0: inconclusive.
///   sparse alone: 0.83 ± 4.3026527 × 0.0360555 / √3 = [0.7404, 0.9196] → above 0.5: supported.
final class ClaimsNotebookTests: XCTestCase {
    static let steps = """
    steps:
      eval:
        title: Evaluation
        op: shell
        sweep: {scheme: [uniform, "sparse(0.25)", noisy]}
        repeat: 3
        with:
          run: |
            case "$SCHEME-$REP" in
              uniform-1) m=0.50 ;; uniform-2) m=0.52 ;; uniform-3) m=0.54 ;;
              "sparse(0.25)-1") m=0.80 ;; "sparse(0.25)-2") m=0.82 ;; "sparse(0.25)-3") m=0.87 ;;
              noisy-1) m=0.30 ;; noisy-2) m=0.90 ;; noisy-3) m=0.60 ;;
            esac
            echo "{\\"m\\": $m}" > "$LAB_METRICS"
          env: {SCHEME: "${sweep.scheme}", REP: "${sweep.rep}"}

    """

    static let claims = """
    claims:
      - claim: Sparse weighting beats uniform
        step: eval
        metric: m
        variant: {scheme: sparse(0.25)}
        baseline: {scheme: uniform}
        expect: higher
      - claim: Uniform beats sparse weighting
        step: eval
        metric: m
        variant: {scheme: uniform}
        baseline: {scheme: sparse(0.25)}
        expect: {greater_than: 0}
      - claim: The noisy scheme beats uniform
        step: eval
        metric: m
        variant: {scheme: noisy}
        baseline: {scheme: uniform}
        expect: higher
      - claim: Sparse scores above one half
        step: eval
        metric: m
        variant: {scheme: sparse(0.25)}
        expect: {greater_than: 0.5}

    """

    static let header = "lab: 1\nname: claims\nabout: Three schemes, three replicates each.\n"

    static let expectedRows = [
        ["Sparse weighting beats uniform", "eval · m", "scheme=sparse(0.25) (n=3) vs scheme=uniform (n=3)",
         "0.31 [0.2359, 0.3841]", "Δ > 0", "supported"],
        ["Uniform beats sparse weighting", "eval · m", "scheme=uniform (n=3) vs scheme=sparse(0.25) (n=3)",
         "-0.31 [-0.3841, -0.2359]", "Δ > 0", "not supported"],
        ["The noisy scheme beats uniform", "eval · m", "scheme=noisy (n=3) vs scheme=uniform (n=3)",
         "0.08 [-0.6606, 0.8206]", "Δ > 0", "inconclusive (the interval contains 0)"],
        ["Sparse scores above one half", "eval · m", "scheme=sparse(0.25) (n=3)", "0.83 [0.7404, 0.9196]",
         "mean > 0.5", "supported"],
    ]

    func runBinary(_ ws: RunTestWorkspace, _ args: [String], tag: String) throws -> (code: Int32, output: String) {
        let process = try ws.spawnLab(args, tag: tag)
        process.waitUntilExit()
        return (process.terminationStatus, ws.output(tag))
    }

    func testTheNotebookOpensWithVerdictsComputedFromTheReplicates() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("claims.yaml", Self.header + Self.claims + Self.steps)
        let run = try runBinary(ws, ["run", recipe], tag: "run")
        XCTAssertEqual(run.code, 0, run.output)

        let folder = ws.root.appendingPathComponent("experiments/run-1")
        let markdown = try String(contentsOf: folder.appendingPathComponent("notebook.md"), encoding: .utf8)
        for row in Self.expectedRows {
            let cells = row.enumerated().map { $0.offset == 5 && $0.element == "supported" ? "**supported**" : $0.element }
            XCTAssertTrue(markdown.contains("| " + cells.joined(separator: " | ") + " |"), "missing row \(row)\n\(markdown)")
        }
        // Order: title, about, verdicts (with the rule under the table), the comparison, the
        // contents, the run's context with its recipe, then the steps.
        let order = ["# claims", "Three schemes, three replicates each.", "## Verdicts", "| claim | step · metric |",
                     "95% confidence interval of the difference of means", "## Comparison — Evaluation", "## Contents",
                     "| run 1 |", "To run it again:", "The recipe as run", "## Steps", "## 1. Evaluation"]
        let positions = try order.map { piece in try XCTUnwrap(markdown.range(of: piece), "missing \(piece)").lowerBound }
        XCTAssertEqual(positions, positions.sorted(), "notebook.md out of order")

        let html = try String(contentsOf: folder.appendingPathComponent("notebook.html"), encoding: .utf8)
        let htmlOrder = ["<h1>claims</h1>", "<section class=\"section verdicts\" id=\"verdicts\">", "<th>claim</th>",
                         "<td class=\"best\">supported</td>", "<div class=\"footnote\">", "<h2>Comparison — Evaluation</h2>",
                         "<nav class=\"overview\" id=\"contents\">", "<section class=\"context\" id=\"context\">",
                         "<summary>The recipe as run", "<section class=\"cell "]
        let htmlPositions = try htmlOrder.map { piece in try XCTUnwrap(html.range(of: piece), "missing \(piece)").lowerBound }
        XCTAssertEqual(htmlPositions, htmlPositions.sorted(), "notebook.html out of order")
        XCTAssertTrue(html.contains("<td>inconclusive (the interval contains 0)</td>"))
        XCTAssertTrue(html.contains("<td>not supported</td>"))

        // `lab show` prints the same verdicts in the terminal, three lines a claim (verdict and
        // claim; step · metric and the sides; estimate, threshold and reason), and --json the numbers.
        let show = try runBinary(ws, ["show", "1"], tag: "show")
        XCTAssertEqual(show.code, 0, show.output)
        let lines = show.output.split(separator: "\n").map(String.init)
        for row in Self.expectedRows {
            let verdict = row[5].split(separator: " (").first.map(String.init) ?? row[5]
            let start = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("  " + verdict + " ") && $0.hasSuffix("  " + row[0]) },
                                      "lab show lacks \(row)\n\(show.output)")
            XCTAssertTrue(lines[start + 1].contains(row[1] + ": " + row[2]), lines[start + 1])
            XCTAssertTrue(lines[start + 2].contains(row[3] + ", needs " + row[4]), lines[start + 2])
            if row[5] != verdict { XCTAssertTrue(lines[start + 2].hasSuffix("; the interval contains 0"), lines[start + 2]) }
        }
        XCTAssertTrue(show.output.contains("Welch–Satterthwaite"))
        let json = try Value.parseJSON(try runBinary(ws, ["show", "1", "--json"], tag: "json").output)
        let claims = try XCTUnwrap(json["claims"].arrayValue)
        XCTAssertEqual(claims.map { $0["verdict"].stringValue ?? "" }, ["supported", "not supported", "inconclusive", "supported"])
        XCTAssertEqual(claims[0]["low"].doubleValue ?? .nan, 0.2359198, accuracy: 1e-6)
        XCTAssertEqual(claims[0]["high"].doubleValue ?? .nan, 0.3840802, accuracy: 1e-6)
        XCTAssertEqual(claims[2]["reason"].stringValue, "the interval contains 0")
        XCTAssertEqual(claims[3]["baseline"], .null)
    }

    /// Claims enter no key: adding them to a recipe that ran reuses every step, and the new
    /// run's notebook has the verdicts; a recipe without claims has no verdict section.
    func testAddingClaimsReusesEveryStep() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("claims.yaml", Self.header + Self.steps)
        let first = ws.lab("run", recipe)
        XCTAssertEqual(first.code, 0, first.out + first.err)
        let bare = try String(contentsOf: ws.root.appendingPathComponent("experiments/run-1/notebook.md"), encoding: .utf8)
        XCTAssertFalse(bare.contains("Verdicts"))
        XCTAssertFalse(ws.lab("show", "1").out.contains("verdict"))

        try ws.write("claims.yaml", Self.header + Self.claims + Self.steps)
        let second = ws.lab("run", recipe)
        XCTAssertEqual(second.code, 0, second.out + second.err)
        XCTAssertEqual(second.out.lines(startingWith: "cached").count, 9, second.out)
        XCTAssertEqual(second.out.lines(startingWith: "ran").count, 0, second.out)
        let markdown = try String(contentsOf: ws.root.appendingPathComponent("experiments/run-2/notebook.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("## Verdicts"))
        XCTAssertTrue(markdown.contains("| 0.31 [0.2359, 0.3841] | Δ > 0 | **supported** |"), markdown)
    }

    /// A recipe error in a claim exits 65 with its place, before anything runs.
    func testABadClaimIsARecipeError() throws {
        let ws = try RunTestWorkspace()
        let bad = Self.claims.replacingOccurrences(of: "variant: {scheme: noisy}", with: "variant: {scheme: noisey}")
        let recipe = try ws.write("claims.yaml", Self.header + bad + Self.steps)
        let run = ws.lab("run", recipe)
        XCTAssertEqual(run.code, 65)
        XCTAssertTrue(run.err.contains("claims.yaml:20:23: step 'eval' has no variant with scheme = noisey "
                                       + "(its values: uniform, sparse(0.25), noisy)"), run.err)
        XCTAssertTrue(ws.artifacts().isEmpty)
    }
}
