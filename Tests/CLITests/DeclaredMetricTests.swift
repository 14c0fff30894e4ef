import Foundation
import XCTest
import LabCore
import Notebook
import Operations
@testable import LabCLI

/// The notebook follows what each operation declares its metrics mean, not their names.
final class DeclaredMetricTests: XCTestCase {
    func step(_ id: String, op: String, variant: [String: Value] = [:], scalars: [String: Double] = [:],
              series: [String: [SeriesPoint]] = [:]) -> StepRecord {
        StepRecord(runID: 1, stepID: id, name: String(id.prefix { $0 != "[" }), variant: .object(variant), op: op,
                   opVersion: 1, key: SHA256.hex(id), params: .object([:]), title: nil, note: nil, order: 0, status: .ran,
                   startedAt: Date(timeIntervalSince1970: 0), seconds: 1, result: OperationResult(scalars: scalars, series: series))
    }

    func evaluations(op: String = "evaluate") -> [StepRecord] {
        [("a", 12.0, 0.5), ("b", 30.0, 0.75)].map { scheme, spans, acc in
            step("eval[scheme=\(scheme)]", op: op, variant: ["scheme": .string(scheme)],
                 scalars: ["recall.spans": spans, "recall.acc": acc, "recall.spans.d64-127": spans / 2, "my_acc": acc])
        }
    }

    func testACountIsNeverTheBest() throws {
        // The name guess called a span count "best" (it contains "recall"): the declaration does not.
        XCTAssertEqual(MetricConventions.guessedBest(for: "recall.spans"), .highest)
        let group = try XCTUnwrap(SweepGroup.groups(in: evaluations()).first)
        let table = NotebookBuilder.comparisonTable(group)
        XCTAssertEqual(table.header, ["scheme", "my_acc", "recall.acc", "recall.spans", "recall.spans.d64-127"])
        XCTAssertEqual(table.highlight.map(\.column), [2], "only the declared accuracy; undeclared my_acc plainly")
        XCTAssertEqual(table.highlight.first?.best, .highest)
        let note = NotebookBuilder.comparisonNote(group, highlights: true)
        XCTAssertTrue(note.contains("Where `evaluate` declares which way is better (`lab ops evaluate`"), note)
    }

    func testShellMetricsAreStillJudgedByName() throws {
        let group = try XCTUnwrap(SweepGroup.groups(in: evaluations(op: "shell")).first)
        let table = NotebookBuilder.comparisonTable(group)
        XCTAssertEqual(table.highlight.map(\.column), [1, 2, 3, 4], "shell declares nothing: every name with acc or recall")
        let note = NotebookBuilder.comparisonNote(group, highlights: true)
        XCTAssertTrue(note.contains("`shell` declares no metrics, so the metric's name says which way is better"), note)
    }

    func testTheDistanceSeriesIsDrawnAgainstItsDeclaredAxis() throws {
        let axis = try XCTUnwrap(EvaluateOperation().metrics.declaration(for: "recall.acc_by_distance")).seriesAxis
        XCTAssertTrue(axis.hasPrefix("distance in tokens"), axis)
        let curve = [SeriesPoint(iteration: 0, value: 0.9), SeriesPoint(iteration: 64, value: 0.5), SeriesPoint(iteration: 128, value: 0.2)]
        let eval = step("eval", op: "evaluate", series: ["recall.acc_by_distance": curve])
        let cell = NotebookBuilder.cell(eval)
        XCTAssertTrue(cell.series.isEmpty, "not among the curves over iterations")
        guard case .lines(let chart)? = cell.plots.first else { return XCTFail("no chart: \(cell.plots.map(\.title))") }
        XCTAssertEqual(chart.xLabel, axis)
        XCTAssertEqual(chart.series.first?.points.map(\.x), [0, 64, 128])
        XCTAssertTrue(chart.svg().contains(">distance in tokens"), "the axis is named in the drawing")

        // Overlaid across a sweep, too; a training loss stays over iterations.
        let sweep = ["a", "b"].map { step("eval[scheme=\($0)]", op: "evaluate", variant: ["scheme": .string($0)],
                                          series: ["recall.acc_by_distance": curve]) }
        let section = try XCTUnwrap(NotebookBuilder.comparisonSections(sweep).first)
        let charts = section.plots.compactMap { plot -> LineChart? in if case .lines(let c) = plot { c } else { nil } }
        XCTAssertEqual(charts.map(\.xLabel), [axis])
        let train = step("train", op: "train", series: ["loss": curve])
        XCTAssertEqual(NotebookBuilder.cell(train).series.map(\.name), ["loss"])
    }

    func testOpsListsTheDeclarations() throws {
        let ws = try RunTestWorkspace()
        let evaluate = ws.lab("ops", "evaluate")
        XCTAssertEqual(evaluate.code, 0, evaluate.err)
        XCTAssertTrue(evaluate.out.contains("Metrics:\n  loss (scalar, lower is better)\n      mean token loss on all targets"), evaluate.out)
        XCTAssertTrue(evaluate.out.contains("  recall.spans (scalar, no better direction)\n      spans evaluated (a count)"), evaluate.out)
        XCTAssertTrue(evaluate.out.contains("  recall.acc_by_distance (series over distance in tokens"), evaluate.out)
        let shell = ws.lab("ops", "shell")
        XCTAssertTrue(shell.out.contains("Metrics:\n  none declared"), shell.out)
        XCTAssertEqual(OpsCommand.describe(MetricDeclaration("g", .matrix, .higherIsBetter, "m", palette: .redToGreen, range: 0...100)),
                       "matrix, higher is better, red (low) → green (high) over 0...100")
    }
}
