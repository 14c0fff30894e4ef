import Foundation
import XCTest
import LabCore
import Ledger
import Notebook
@testable import LabCLI

/// The notebook of a real run of `ReplicateRecipe` (2 schemes × 3 replicates): the comparison
/// aggregates replicates, with the numbers worked by hand in `ReplicateRecipe`.
final class ReplicateNotebookTests: XCTestCase {
    var ws: RunTestWorkspace!
    var section: NotebookSection!

    override func setUpWithError() throws {
        ws = try ReplicateRecipe.runInWorkspace()
        let ledger = try LedgerStore.existing(inWorkspace: ws.root)
        let document = try NotebookBuilder.document(runID: 1, ledger: ledger)
        section = try XCTUnwrap(document.sections.first, "no comparison section")
        XCTAssertEqual(document.sections.map(\.title), ["Comparison — Train"])
    }

    func testTableShowsMeanIntervalNAndWelchVerdicts() throws {
        guard case .table(let table)? = section.plots.first else { return XCTFail("the section opens with a table") }
        XCTAssertEqual(table.header, ["scheme", "n", "acc", "acc vs best", "loss", "loss vs best"])
        // Welch p-values from scipy 1.17.1 (ttest_ind, equal_var=False): acc a vs b 0.00922183864171841,
        // loss a vs b 0.7439405005744821.
        XCTAssertEqual(table.rows, [
            ["a", "3", "0.83 ± 0.08957", "best (p < 0.05 vs each)", "2.317 ± 0.07589", "best mean, not a clear winner"],
            ["b", "3", "0.65 ± 0.1242", "worse (p=0.00922)", "2.33 ± 0.3812 (n=2)", "not distinguishable (p=0.744)"],
        ])
        // Only the distinguishable best is highlighted: acc of a; loss (overlapping) has no best.
        XCTAssertEqual(table.marked.map { [$0.row, $0.column] }, [[0, 2]])
        XCTAssertTrue(table.highlight.isEmpty, "cells with ± are not ranked as numbers")
        XCTAssertTrue(section.note?.contains("3 replicates each") == true, section.note ?? "")
    }

    func testBarChartPerMetricWithConfidenceErrorBars() throws {
        let bars = section.plots.compactMap { plot -> BarChart? in if case .bars(let c) = plot { c } else { nil } }
        XCTAssertEqual(bars.map(\.title), ["acc: mean and 95% CI per scheme", "loss: mean and 95% CI per scheme"])
        for (chart, expected) in zip(bars, [(ReplicateRecipe.accA, ReplicateRecipe.accB),
                                            (ReplicateRecipe.lossA, ReplicateRecipe.lossB)]) {
            XCTAssertEqual(chart.categories, ["a", "b"])
            let group = try XCTUnwrap(chart.groups.first)
            for (index, want) in [expected.0, expected.1].enumerated() {
                XCTAssertEqual(group.values[index], want.mean, accuracy: 1e-6, chart.title)
                XCTAssertEqual(try XCTUnwrap(group.error(at: index)), (want.high - want.low) / 2, accuracy: 1e-6, chart.title)
            }
            // The drawn SVG has the whiskers: its tooltips carry value ± half-width.
            XCTAssertTrue(chart.svg().contains("a, mean: \(NotebookFormat.number(expected.0.mean)) ± "), chart.title)
        }
    }

    /// Curves: mean per iteration; a band where ≥ 2 replicates have the iteration.
    func testMeanCurvesWithConfidenceBands() throws {
        let charts = section.plots.compactMap { plot -> LineChart? in if case .lines(let c) = plot { c } else { nil } }
        let chart = try XCTUnwrap(charts.first)
        XCTAssertEqual(charts.count, 1)
        XCTAssertEqual(chart.title, "loss per scheme: mean over replicates, 95% CI shaded")
        XCTAssertEqual(chart.series.map(\.name), ["a", "b"])
        let a = chart.series[0], b = chart.series[1]
        XCTAssertEqual(a.points.map(\.x), [0, 10, 20])
        // a: (3.1 + 3.0 + 3.2) / 3 = 3.1, (2.6 + 2.5 + 2.7) / 3 = 2.6, 2.3166667; b at 20 over 2 replicates: 2.33.
        for (got, want) in zip(a.points.map(\.y), [3.1, 2.6, 2.3166667]) { XCTAssertEqual(got, want, accuracy: 1e-6) }
        for (got, want) in zip(b.points.map(\.y), [3.4, 2.9, 2.33]) { XCTAssertEqual(got, want, accuracy: 1e-6) }
        // a at 10 {2.6, 2.5, 2.7}: sd 0.1, half-width 4.3026527 × 0.1 / √3 = 0.2484138.
        let a10 = try XCTUnwrap(a.band.first { $0.x == 10 })
        XCTAssertEqual(a10.low, 2.6 - 0.2484138, accuracy: 1e-6)
        XCTAssertEqual(a10.high, 2.6 + 0.2484138, accuracy: 1e-6)
        let b20 = try XCTUnwrap(b.band.first { $0.x == 20 })
        XCTAssertEqual(b20.low, ReplicateRecipe.lossB.low, accuracy: 1e-6)
        XCTAssertEqual(b20.high, ReplicateRecipe.lossB.high, accuracy: 1e-6)
        XCTAssertTrue(chart.svg().contains("<polygon "), "the band is drawn")
    }

    func testWrittenNotebooksCarryTheAggregates() throws {
        let files = ws.root.appendingPathComponent("experiments/run-1")
        let markdown = try String(contentsOf: files.appendingPathComponent("notebook.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("| a | 3 | **0.83 ± 0.08957** | best (p < 0.05 vs each) |"), markdown)
        XCTAssertTrue(markdown.contains("not distinguishable (p=0.744)"), markdown)
        XCTAssertTrue(markdown.contains("| b | 0.65 ± 0.1242 |"), markdown)
        XCTAssertTrue(markdown.contains("2.33 ± 0.3812 @20"), markdown)
        let html = try String(contentsOf: files.appendingPathComponent("notebook.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<td class=\"best interval\">0.83 ± 0.08957</td>"), "highlighted best cell")
        XCTAssertFalse(html.contains("NaN"))
        XCTAssertFalse(markdown.contains("NaN"))
    }

    /// Three conditions: the best mean beats one clearly (p = 0.00576) but not the other
    /// (p = 0.751; both from scipy 1.17.1): no best is called.
    func testNoBestWhenAnyDifferenceIsNotDistinguishable() throws {
        let samples = [[0.80, 0.82, 0.87], [0.79, 0.81, 0.86], [0.60, 0.62, 0.61]]
        let differences = try XCTUnwrap(MetricDifferences(samples, better: .highest))
        XCTAssertEqual(differences.best, 0)
        XCTAssertFalse(differences.bestIsDistinguishable)
        XCTAssertEqual(differences.verdict(0), "best mean, not a clear winner")
        XCTAssertEqual(differences.verdict(1), "not distinguishable (p=0.751)")
        XCTAssertEqual(differences.verdict(2), "worse (p=0.00576)")
        XCTAssertEqual(MetricDifferences([[1], [2, 3]], better: .lowest)?.verdict(1), "no test (n < 2)")
        XCTAssertEqual(MetricDifferences([[0.1, 0.1, 0.1], [0.2, 0.2]], better: .lowest)?.verdict(1),
                       "no test (no spread: every replicate equal)")
        XCTAssertNil(MetricDifferences([[1, 2], []], better: .lowest), "one condition has nothing to compare")
    }
}
