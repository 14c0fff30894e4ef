import Foundation
import XCTest
import LabCore
@testable import Notebook
import Statistics
@testable import LabCLI

/// The recipe's figures drawn from hand-made step records, with numbers worked by hand:
/// replicate values 1, 2, 3 have mean 2 and a 95% half-width t(0.975, 2)·1/√3 = 4.302653/√3
/// = 2.484138.
final class FigureSectionTests: XCTestCase {
    let halfWidth = 4.302652729911275 / 3.0.squareRoot()

    func step(_ name: String, _ variant: [String: Value], status: StepStatus = .ran, scalars: [String: Double] = [:],
              series: [String: [SeriesPoint]] = [:], matrices: [String: MatrixResult] = [:]) -> StepRecord {
        let id = name + "[" + variant.keys.sorted().map { "\($0)=\(variant[$0]!)" }.joined(separator: ",") + "]"
        var result = OperationResult(scalars: scalars, series: series)
        result.matrices = matrices
        return StepRecord(runID: 1, stepID: id, name: name, variant: .object(variant), op: "shell", opVersion: 1,
                          key: SHA256.hex(id), params: .object([:]), title: nil, note: nil, order: 0, status: status,
                          startedAt: Date(timeIntervalSince1970: 0), seconds: 1,
                          result: status == .ran || status == .cached ? result : nil)
    }

    /// mask over k ∈ {1, 2} × rep 1…3 with m = k·rep (mode top) or 10 (mode random); base m = 5;
    /// a failed replicate that must not count.
    lazy var steps: [StepRecord] = ["top", "random"].flatMap { mode in
        [1, 2].flatMap { k in
            (1...3).map { rep in
                step("mask", ["mode": .string(mode), "k": .int(k), "rep": .int(rep)],
                     scalars: ["m": mode == "top" ? Double(k * rep) : 10])
            }
        }
    } + (1...3).map { rep in step("base", ["rep": .int(rep)], scalars: ["m": 5, "f1": Double(rep)]) }
      + [step("base", ["rep": 4], status: .failed)]

    func selection(_ step: String, _ values: [String: Value] = [:]) -> ResolvedFigure.Selection {
        .init(step: step, values: values.keys.sorted().map { .init(key: $0, value: values[$0]!) })
    }

    func testBarsAreReplicateMeansWithIntervals() throws {
        let figure = ResolvedFigure(title: "Bars", kind: .bars(metrics: ["f1", "missing"], entries: [
            .init(label: "base", selection: selection("base")),
            .init(label: "top k=2", selection: selection("mask", ["mode": "top", "k": 2])),
        ]))
        let section = try XCTUnwrap(NotebookBuilder.figureSections([figure], steps: steps, meanings: .builtin).first)
        guard case .bars(let chart) = section.plots.first else { return XCTFail("no bar chart") }
        XCTAssertEqual(chart.categories, ["base (n=3)", "top k=2"])
        XCTAssertEqual(chart.groups.map(\.name), ["f1", "missing"])
        XCTAssertEqual(chart.groups[0].values[0], 2, accuracy: 1e-12)
        print("bar half-width \(chart.groups[0].errors[0]), by hand \(halfWidth)")
        XCTAssertEqual(chart.groups[0].errors[0], halfWidth, accuracy: 1e-9)
        XCTAssertTrue(chart.groups[0].values[1].isNaN, "mask records no f1")
        XCTAssertTrue(section.footnote?.contains("Missing: base: missing (no finished replicate of base recorded it)") == true,
                      section.footnote ?? "")
    }

    func testACurveOverASweepKeyStartsAtItsStartPoint() throws {
        let figure = ResolvedFigure(title: "Curve", kind: .curve(metric: "m", x: "k", entries: [
            .init(label: "top", selection: selection("mask", ["mode": "top"])),
            .init(label: "random", selection: selection("mask", ["mode": "random"])),
        ], start: selection("base"), startX: 0))
        let section = try XCTUnwrap(NotebookBuilder.figureSections([figure], steps: steps, meanings: .builtin).first)
        guard case .lines(let chart) = section.plots.first else { return XCTFail("no line chart") }
        XCTAssertEqual(chart.xLabel, "k")
        let top = chart.series[0]
        XCTAssertEqual(top.points.map(\.x), [0, 1, 2])
        XCTAssertEqual(top.points.map(\.y), [5, 2, 4])              // base 5; k·rep over rep: 2, 4
        XCTAssertEqual(top.bandStyle, .errorBars)
        // k = 1: 1, 2, 3 → ± 2.484; k = 2: 2, 4, 6 → ± 4.968; the constant start has no spread.
        XCTAssertEqual(top.band.map(\.x), [0, 1, 2])
        XCTAssertEqual(top.band[1].high - 2, halfWidth, accuracy: 1e-9)
        XCTAssertEqual(top.band[2].high - 4, 2 * halfWidth, accuracy: 1e-9)
        XCTAssertEqual(top.band[0].high, 5, accuracy: 1e-12)
        XCTAssertEqual(chart.series[1].points.map(\.y), [5, 10, 10])
        // The Markdown of an error-bar chart is every point: x × line.
        let markdown = Plot.lines(chart).markdown()
        XCTAssertTrue(markdown.contains("| k | top | random |"), markdown)
        XCTAssertTrue(markdown.contains("| 1 | 2 ± 2.484 | 10 ± 0 |"), markdown)
    }

    func testASeriesCurveAveragesEachIteration() throws {
        let runs = (1...3).map { rep in
            step("eval", ["rep": .int(rep)], series: ["f1_by_position": [SeriesPoint(iteration: 0, value: Double(rep)),
                                                                         SeriesPoint(iteration: 20, value: 1)]])
        }
        let figure = ResolvedFigure(title: "By position", kind: .curve(metric: "f1_by_position", x: nil, entries: [
            .init(label: "eval", selection: selection("eval"))], start: nil, startX: 0))
        let section = try XCTUnwrap(NotebookBuilder.figureSections([figure], steps: runs, meanings: .builtin).first)
        guard case .lines(let chart) = section.plots.first else { return XCTFail("no line chart") }
        XCTAssertEqual(chart.series[0].points.map(\.x), [0, 20])
        XCTAssertEqual(chart.series[0].points.map(\.y), [2, 1])
        XCTAssertEqual(chart.series[0].band[0].high - 2, halfWidth, accuracy: 1e-9)
    }

    func testAHeatmapIsTheCellMeanAndListsItsTopCells() throws {
        func grid(_ values: [Double]) -> MatrixResult {
            MatrixResult(rowName: "layer", columnName: "head", rowLabels: ["0", "1"], columnLabels: ["0", "1"], values: values)
        }
        let runs = [grid([1, 0, 0.5, .nan]), grid([2, 0, 0.5, .nan]), grid([3, 0, 0.5, .nan])].enumerated().map { index, matrix in
            step("heads", ["rep": .int(index + 1)], matrices: ["score": matrix])
        } + [step("heads", ["rep": 4], matrices: ["score": MatrixResult(rowName: "layer", columnName: "head", rowLabels: ["0"],
                                                                         columnLabels: ["0"], values: [9])])]
        let figure = ResolvedFigure(title: "Heads", kind: .heatmap(matrix: "score", selection: selection("heads"), top: 2))
        let section = try XCTUnwrap(NotebookBuilder.figureSections([figure], steps: runs, meanings: .builtin).first)
        guard case .heatmap(let map) = section.plots.first, case .table(let table) = section.plots.last else {
            return XCTFail("no heatmap and table")
        }
        XCTAssertEqual(map.title, "score: mean of 3 replicates")
        XCTAssertEqual(map.values[0], [2, 0])
        XCTAssertEqual(map.values[1][0], 0.5)
        XCTAssertTrue(map.values[1][1].isNaN, "a cell no replicate has stays missing")
        XCTAssertEqual(table.header, ["#", "layer", "head", "mean", "95% interval", "n"])
        XCTAssertEqual(table.rows.map { Array($0.prefix(4)) }, [["1", "0", "0", "2"], ["2", "1", "0", "0.5"]])
        XCTAssertEqual(table.rows[0][4], "\(NotebookFormat.number(2 - halfWidth)) … \(NotebookFormat.number(2 + halfWidth))")
        XCTAssertTrue(section.footnote?.contains("1 replicate(s) with another grid") == true, section.footnote ?? "")
    }

    func testAnXThatIsNotANumberIsSaidNotDropped() throws {
        let runs = ["a", "b"].map { mode in step("mask", ["mode": .string(mode), "rep": 1], scalars: ["m": 1]) }
        let figure = ResolvedFigure(title: "By mode", kind: .curve(metric: "m", x: "mode", entries: [
            .init(label: "mask", selection: selection("mask"))], start: nil, startX: 0))
        let section = try XCTUnwrap(NotebookBuilder.figureSections([figure], steps: runs, meanings: .builtin).first)
        XCTAssertTrue(section.footnote?.contains("mask at mode = a, b (an x axis needs numbers)") == true, section.footnote ?? "")
    }
}
